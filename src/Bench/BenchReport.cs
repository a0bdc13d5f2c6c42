namespace Encryptio.Bench;

/// <summary>Everything one `encryptio bench` run measured, section by section.</summary>
public sealed record BenchReport(bool Quick, TimeSpan Elapsed, IReadOnlyList<ReportSection> Sections);
