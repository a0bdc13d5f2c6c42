using System.Globalization;

namespace Encryptio.Bench;

/// <summary>The human table: one block per section, median with [min - max] beside it.</summary>
public static class ReportTable
{
    public static void Write(BenchReport report, TextWriter output)
    {
        output.WriteLine($"encryptio bench{(report.Quick ? " --quick" : "")}: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {report.Elapsed.TotalSeconds:0} s");
        foreach (var section in report.Sections)
        {
            output.WriteLine();
            output.WriteLine($"{section.Title}");
            foreach (var line in section.Lines)
            {
                var value = line switch
                {
                    { Figure: { } f } => $"{Format(f.Median),12} {line.Unit,-8} [{Format(f.Min)} - {Format(f.Max)}]",
                    { Number: { } n } => $"{Format(n),12} {line.Unit}",
                    _ => $"  {line.Text}",
                };
                output.WriteLine($"  {line.Label,-44}{value}");
            }
        }
    }

    public static string Format(double value) => value switch
    {
        >= 10_000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.00", CultureInfo.InvariantCulture),
    };
}
