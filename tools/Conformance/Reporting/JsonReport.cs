using System.Text.Json;
using System.Text.Json.Nodes;

namespace Responses.Conformance.Reporting;

/// <summary>The machine form, for CI: the run, the counts and every check with its outcome and reason.</summary>
public static class JsonReport
{
    public static string Write(ConformanceReport report, Uri baseUrl, string model, string specPath)
    {
        var json = new JsonObject
        {
            ["base_url"] = baseUrl.ToString(),
            ["model"] = model,
            ["spec"] = specPath,
            ["passed"] = report.Passed,
            ["failed"] = report.Failed,
            ["skipped"] = report.Skipped,
            ["success"] = report.Succeeded,
            ["duration_ms"] = (long)report.Duration.TotalMilliseconds,
            ["checks"] = new JsonArray(report.Results.Select(result => (JsonNode)new JsonObject
            {
                ["name"] = result.Name,
                ["outcome"] = result.Outcome.ToString().ToLowerInvariant(),
                ["reason"] = result.Reason,
                ["duration_ms"] = (long)result.Duration.TotalMilliseconds,
            }).ToArray()),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
