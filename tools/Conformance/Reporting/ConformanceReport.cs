using Responses.Conformance.Checks;

namespace Responses.Conformance.Reporting;

/// <summary>A run's results; it passed when nothing failed (skips are not failures).</summary>
public sealed record ConformanceReport(IReadOnlyList<CheckResult> Results, TimeSpan Duration)
{
    public int Passed => Results.Count(r => r.Outcome == CheckOutcome.Pass);

    public int Failed => Results.Count(r => r.Outcome == CheckOutcome.Fail);

    public int Skipped => Results.Count(r => r.Outcome == CheckOutcome.Skip);

    public bool Succeeded => Failed == 0;

    public string Summary => $"{Passed} passed, {Failed} failed, {Skipped} skipped";

    public CheckResult? this[string name] => Results.FirstOrDefault(r => r.Name == name);
}
