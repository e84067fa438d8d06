using System.Globalization;

namespace Responses.Tests.Integration.Operations;

/// <summary>
/// A scrape of /metrics read into samples by their full name with labels, as Prometheus prints them
/// (<c>responses_requests_total{method="POST",route="/v1/responses",status="200"}</c>).
/// </summary>
public sealed class PrometheusText
{
    private readonly Dictionary<string, double> samples;

    private PrometheusText(Dictionary<string, double> samples) => this.samples = samples;

    public static async Task<PrometheusText> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // Label values here never hold a space, so the value is what follows the last one.
            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return new PrometheusText(samples);
    }

    public bool Has(string series) => samples.ContainsKey(series);

    /// <summary>The sample's value; 0 for a labelled series not created yet (as a counter that never moved).</summary>
    public double this[string series] => samples.GetValueOrDefault(series);
}
