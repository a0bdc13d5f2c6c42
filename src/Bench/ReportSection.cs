namespace Encryptio.Bench;

/// <summary>A named group of lines: `session`, `handshake`, `turn`, `directory` or `ceilings`.</summary>
public sealed class ReportSection(string name, string title)
{
    public string Name { get; } = name;
    public string Title { get; } = title;
    public List<ReportLine> Lines { get; } = new();

    public ReportSection Add(ReportLine line)
    {
        Lines.Add(line);
        return this;
    }
}
