using System.Text.Json;
using System.Text.Json.Nodes;

namespace Encryptio.Bench;

/// <summary>
/// The `--json` document: one object per section; a figure is {median, min, max, runs}, a plain number
/// or text is written as such. Field names are a contract (session.ratio, handshake.ratio, turn.ratio,
/// directory.ratio, directory.users, directory.bytesPerUser, ...).
/// </summary>
public static class ReportJson
{
    public static string Write(BenchReport report)
    {
        var root = new JsonObject
        {
            ["quick"] = report.Quick,
            ["cores"] = Environment.ProcessorCount,
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["seconds"] = Math.Round(report.Elapsed.TotalSeconds, 1),
        };
        foreach (var section in report.Sections)
        {
            var node = new JsonObject();
            foreach (var line in section.Lines) node[line.Key] = Value(line);
            root[section.Name] = node;
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode? Value(ReportLine line)
    {
        if (line.Figure is { } f)
            return new JsonObject { ["median"] = Round(f.Median), ["min"] = Round(f.Min), ["max"] = Round(f.Max), ["runs"] = f.Runs };
        if (line.Number is { } n) return Round(n);
        return line.Text;
    }

    private static double Round(double value) => Math.Round(value, value is > -10 and < 10 ? 4 : 1);
}
