using Responses.Conformance.Checks;

namespace Responses.Conformance.Reporting;

/// <summary>The human form: one line per check as it finishes (<c>PASS name</c>, <c>FAIL name: reason</c>), then the summary.</summary>
public static class TextReport
{
    public static string Line(CheckResult result) => result.Outcome switch
    {
        CheckOutcome.Pass => $"PASS {result.Name}",
        CheckOutcome.Fail => $"FAIL {result.Name}: {result.Reason}",
        _ => $"SKIP {result.Name}: {result.Reason}",
    };

    public static string Summary(ConformanceReport report) =>
        $"{report.Summary} ({report.Duration.TotalSeconds:0.0} s)";
}
