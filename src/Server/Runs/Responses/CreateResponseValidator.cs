using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Responses;

/// <summary>
/// Checks what the JSON shape alone cannot: required values, ranges and combinations, in OpenAI's words. Unknown
/// but harmless fields (prompt_cache_key, include…) are accepted, as coding agents send them on every turn.
/// </summary>
public static class CreateResponseValidator
{
    /// <summary>OpenAI's own floor for max_output_tokens.</summary>
    public const int MinOutputTokens = 16;

    /// <summary>OpenAI's ceiling for top_logprobs.</summary>
    public const int MaxTopLogprobs = 20;

    public static void Validate(CreateResponse request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw ApiException.InvalidRequest("Missing required parameter: 'model'.", "model", ErrorTypes.MissingRequiredParameter);
        }

        if (request.Input is null)
        {
            throw ApiException.InvalidRequest("Missing required parameter: 'input'.", "input", ErrorTypes.MissingRequiredParameter);
        }

        if (request.Input.Items is { Count: 0 } && string.IsNullOrEmpty(request.Instructions))
        {
            throw ApiException.InvalidRequest("Invalid 'input': empty array. Expected at least one input item.", "input", ErrorTypes.InvalidValue);
        }

        // JSON null elements never reach the union converters: a null tool would be echoed back as one.
        var nullTool = request.Tools?.IndexOf(null!) ?? -1;
        if (nullTool >= 0)
        {
            throw ApiException.InvalidRequest(
                $"Invalid type for 'tools[{nullTool}]': expected an object, but got null instead.", $"tools[{nullTool}]", ErrorTypes.InvalidType);
        }

        if (request.Conversation is not null && request.PreviousResponseId is not null)
        {
            // OpenAI's answer: a response continues either a chain or a conversation, never both.
            throw ApiException.InvalidRequest(
                "Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.",
                "conversation",
                ErrorTypes.InvalidValue);
        }

        if (request.Prompt is not null)
        {
            // A template the model never sees would make an answer to a different question: refused, not dropped.
            throw ApiException.InvalidRequest(
                "Unsupported parameter: 'prompt' (reusable prompt templates) is not supported on this server; send the prompt's text as 'instructions' and 'input' instead.",
                "prompt",
                ErrorTypes.UnsupportedValue);
        }

        if (request.Moderation is not null)
        {
            // A client that asks for moderation relies on it: an unmoderated answer would break that promise silently.
            throw ApiException.InvalidRequest(
                "Unsupported parameter: 'moderation' is not supported on this server: no moderation model runs here. Leave it out, or moderate the input and output yourself.",
                "moderation",
                ErrorTypes.UnsupportedValue);
        }

        CheckContextManagement(request.ContextManagement);
        CheckRange(request.Temperature, 0, 2, "temperature");
        CheckRange(request.TopP, 0, 1, "top_p");
        CheckPenalty(request.PresencePenalty, "presence_penalty");
        CheckPenalty(request.FrequencyPenalty, "frequency_penalty");
        CheckTopLogprobs(request.TopLogprobs);

        if (request.MaxToolCalls is { } maxCalls && maxCalls < 1)
        {
            throw ApiException.InvalidRequest(
                $"Invalid 'max_tool_calls': integer below minimum value. Expected a value >= 1, but got {maxCalls} instead.",
                "max_tool_calls",
                ErrorTypes.InvalidValue);
        }

        if (request.MaxOutputTokens is { } max && max < MinOutputTokens)
        {
            throw ApiException.InvalidRequest(
                $"Invalid 'max_output_tokens': integer below minimum value. Expected a value >= {MinOutputTokens}, but got {max} instead.",
                "max_output_tokens",
                ErrorTypes.InvalidValue);
        }

        if (request.Background == true && request.Store == false)
        {
            // A background response is followed, cancelled and resumed through the store (OpenAI requires it too).
            throw ApiException.InvalidRequest(
                "Background mode requires 'store' to be true: a background response is retrieved, cancelled and resumed from the store. Leave 'store' out or set it to true.",
                "store",
                ErrorTypes.InvalidValue);
        }
    }

    /// <summary>OpenAI's floor for a compaction entry's compact_threshold.</summary>
    public const int MinCompactThreshold = 1000;

    /// <summary>context_management as OpenAI takes it: at least one entry, each of type compaction, thresholds of 1000 or more.</summary>
    private static void CheckContextManagement(ICollection<ContextManagementParam>? entries)
    {
        if (entries is null)
        {
            return;
        }

        if (entries.Count == 0)
        {
            throw ApiException.InvalidRequest(
                "Invalid 'context_management': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                "context_management",
                ErrorTypes.InvalidValue);
        }

        var i = 0;
        foreach (var entry in entries)
        {
            var param = $"context_management[{i++}]";
            if (entry is null)
            {
                throw ApiException.InvalidRequest($"Invalid type for '{param}': expected an object, but got null instead.", param, ErrorTypes.InvalidType);
            }

            if (entry.Type != "compaction")
            {
                throw ApiException.InvalidRequest(
                    $"Invalid value for '{param}.type': '{entry.Type}'. Supported values are: 'compaction'.", $"{param}.type", ErrorTypes.InvalidValue);
            }

            if (entry.CompactThreshold is { } threshold && threshold < MinCompactThreshold)
            {
                throw ApiException.InvalidRequest(
                    $"Invalid '{param}.compact_threshold': integer below minimum value. Expected a value >= {MinCompactThreshold}, but got {threshold} instead.",
                    $"{param}.compact_threshold",
                    ErrorTypes.InvalidValue);
            }
        }
    }

    /// <summary>OpenAI's range for a presence or frequency penalty: -2..2.</summary>
    internal static void CheckPenalty(double? value, string param) => CheckRange(value, -2, 2, param);

    /// <summary>OpenAI's range for top_logprobs: 0..20.</summary>
    internal static void CheckTopLogprobs(int? value)
    {
        if (value is not { } v)
        {
            return;
        }

        if (v is < 0 or > MaxTopLogprobs)
        {
            var (what, bound) = v < 0 ? ("below minimum", ">= 0") : ("above maximum", $"<= {MaxTopLogprobs}");
            throw ApiException.InvalidRequest(
                $"Invalid 'top_logprobs': integer {what} value. Expected a value {bound}, but got {v} instead.", "top_logprobs", ErrorTypes.InvalidValue);
        }
    }

    internal static void CheckRange(double? value, double min, double max, string param)
    {
        if (value is not { } v)
        {
            return;
        }

        if (double.IsNaN(v) || v < min)
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}': decimal below minimum value. Expected a value >= {min}, but got {v} instead.", param, ErrorTypes.InvalidValue);
        }

        if (v > max)
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}': decimal above maximum value. Expected a value <= {max}, but got {v} instead.", param, ErrorTypes.InvalidValue);
        }
    }
}
