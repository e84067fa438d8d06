using System.Net;
using System.Text.Json;

namespace Responses.Inference.Hub;

/// <summary>
/// Turns the Hub's refusals into one line that says what is missing or refused and what to do, using the error
/// code the Hub puts in X-Error-Code (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo). The token never
/// appears in a message, not even where a server echoes it back.
/// </summary>
internal sealed class HubFailures(string endpoint, string? token)
{
    private const int MaxBodyChars = 300;

    public async Task<ModelLoadException> DescribeAsync(HttpResponseMessage response, HubModelReference model, string what, CancellationToken cancellationToken)
    {
        var said = await ServerMessageAsync(response, cancellationToken);
        var detail = said is null ? $"{(int)response.StatusCode}" : $"{(int)response.StatusCode}: {said}";
        var code = HubClient.ErrorCode(response);
        var message = code switch
        {
            // Without a token the Hub answers 401 for a missing repository too: it will not say a private one exists.
            "RepoNotFound" => $"{model}: the repository '{model.RepositoryId}' was not found on {endpoint} ({detail})"
                + (token is null ? "; if it is private or gated, set HF_TOKEN to a token that may read it." : "; or the token in HF_TOKEN may not read it."),
            "RevisionNotFound" => $"{model}: the repository '{model.RepositoryId}' has no revision '{model.Revision}' ({detail}).",
            "EntryNotFound" => $"{model}: {what} does not exist in '{model.RepositoryId}' at '{model.Revision}' ({detail}).",
            "GatedRepo" => $"{model}: '{model.RepositoryId}' is gated: accept its conditions at {endpoint}/{model.RepositoryId}"
                + (token is null ? ", then set HF_TOKEN to a token of that account" : " with the account whose token is in HF_TOKEN") + $" ({detail}).",
            _ => response.StatusCode switch
            {
                HttpStatusCode.NotFound => $"{model}: {what} was not found on {endpoint} ({detail}).",
                HttpStatusCode.Unauthorized => token is null
                    ? $"{model}: the Hub wants a token for {what} ({detail}); set HF_TOKEN."
                    : $"{model}: the Hub refused the token in HF_TOKEN ({detail}); check that it is valid and may read '{model.RepositoryId}'.",
                HttpStatusCode.Forbidden => $"{model}: the Hub refused access to {what} ({detail}).",
                HttpStatusCode.TooManyRequests => $"{model}: the Hub is limiting this machine's requests ({detail}); wait a little and start again"
                    + (token is null ? ", or set HF_TOKEN (signed-in requests get a higher limit)." : "."),
                _ => $"{model}: the Hub answered {(int)response.StatusCode} {response.ReasonPhrase} for {what}{(said is null ? "" : $": {said}")}.",
            },
        };
        return new ModelLoadException(Redact(message));
    }

    public ModelLoadException Unreachable(HttpRequestException exception) =>
        new(Redact($"Cannot reach the Hugging Face Hub at {endpoint}: {Innermost(exception)}. Check the network (or HF_ENDPOINT), "
            + "or set HF_HUB_OFFLINE=1 to serve only models already downloaded."), exception);

    public ModelLoadException NoAnswer(TimeSpan timeout) =>
        new($"The Hugging Face Hub at {endpoint} did not answer within {timeout.TotalSeconds:F0} s. Check the network (or HF_ENDPOINT), "
            + "or set HF_HUB_OFFLINE=1 to serve only models already downloaded.");

    /// <summary>Whatever a server says must not carry the token into a log or a terminal.</summary>
    public string Redact(string text) => token is null ? text : text.Replace(token, "[HF_TOKEN]", StringComparison.Ordinal);

    private static string Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
            exception = inner;
        return exception.Message.TrimEnd('.');
    }

    /// <summary>X-Error-Message, else the body's "error" (the Hub answers {"error": "..."}), else a short plain body.</summary>
    private static async Task<string?> ServerMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Headers.TryGetValues("X-Error-Message", out var messages) && messages.FirstOrDefault() is { Length: > 0 } header)
            return OneLine(header);
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
                return OneLine(error.GetString()!);
        }
        catch (JsonException)
        {
            // not JSON: a proxy's or a mirror's page
        }

        return body.Length is > 0 and <= MaxBodyChars && !body.Contains('<', StringComparison.Ordinal) ? OneLine(body) : null;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
