namespace Encryptio.Bench;

/// <summary>
/// One entry of a report section: a figure (median/min/max), a plain number, or a text. <see cref="Key"/>
/// is the JSON field name (a contract for scripts), <see cref="Label"/> the table's wording.
/// </summary>
public sealed record ReportLine(string Key, string Label, string Unit, Figure? Figure = null, double? Number = null, string? Text = null)
{
    public static ReportLine Of(string key, string label, string unit, Figure figure) => new(key, label, unit, Figure: figure);

    public static ReportLine Value(string key, string label, string unit, double number) => new(key, label, unit, Number: number);

    public static ReportLine Note(string key, string label, string text) => new(key, label, "", Text: text);
}
