using System.Globalization;
using System.Text.Json;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Chat;

/// <summary>Chat completions' <c>logit_bias</c>: an object of token ids (as strings) to biases in -100..100, in OpenAI's words when it is not.</summary>
public static class LogitBiasParam
{
    /// <summary>More entries than any client needs; a bound so one request cannot make every step touch the whole vocabulary many times.</summary>
    public const int MaxEntries = 1024;

    /// <summary>The biases by token id; null when absent, null or empty.</summary>
    /// <exception cref="ApiException">400 naming logit_bias for a key that is not a token id, a value out of range, or too many entries.</exception>
    public static IReadOnlyDictionary<int, float>? Read(object? value)
    {
        if (value is not JsonElement element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.InvalidRequest(
                $"Invalid type for 'logit_bias': expected an object, but got {Describe(element)} instead.", "logit_bias", ErrorTypes.InvalidType);
        }

        var bias = new Dictionary<int, float>();
        foreach (var entry in element.EnumerateObject())
        {
            if (!int.TryParse(entry.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var token))
            {
                throw ApiException.InvalidRequest(
                    $"Invalid key in 'logit_bias': '{entry.Name}'. Expected a token id (a non-negative integer).", "logit_bias", ErrorTypes.InvalidValue);
            }

            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetDouble(out var amount) || amount is < -100 or > 100)
            {
                throw ApiException.InvalidRequest(
                    $"Invalid value in 'logit_bias' for token {token}: expected a number between -100 and 100, but got {entry.Value.GetRawText()} instead.",
                    "logit_bias",
                    ErrorTypes.InvalidValue);
            }

            bias[token] = (float)amount;
        }

        if (bias.Count > MaxEntries)
        {
            throw ApiException.InvalidRequest(
                $"Invalid 'logit_bias': too many entries. Expected at most {MaxEntries}, but got {bias.Count} instead.", "logit_bias", ErrorTypes.InvalidValue);
        }

        return bias.Count > 0 ? bias : null;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };
}
