using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Runs.Responses;

namespace Responses.Server.Runs.Chat;

/// <summary>
/// What the JSON shape alone cannot say about a chat request, in OpenAI's words; the ranges and the refusals of what
/// the engine cannot do are the Responses validator's own checks, so both routes refuse alike.
/// </summary>
public static class ChatCompletionValidator
{
    public static void Validate(CreateChatCompletionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw ApiException.InvalidRequest("Missing required parameter: 'model'.", "model", ErrorTypes.MissingRequiredParameter);
        }

        if (request.Messages is null)
        {
            throw ApiException.InvalidRequest("Missing required parameter: 'messages'.", "messages", ErrorTypes.MissingRequiredParameter);
        }

        if (request.Messages.Count == 0)
        {
            throw ApiException.InvalidRequest(
                "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages", ErrorTypes.InvalidValue);
        }

        if (request.N is { } n && n != 1)
        {
            // One generation per request; several choices would be several generations behind one admission.
            throw ApiException.InvalidRequest(
                $"Unsupported value: 'n' does not support {n} on this server. Only 1 is supported.", "n", ErrorTypes.UnsupportedValue);
        }

        StopParam.Read(request.Stop);

        if (request.TopLogprobs is not null && request.Logprobs != true)
        {
            throw ApiException.InvalidRequest(
                "Invalid value for 'top_logprobs': it requires 'logprobs' to be true.", "top_logprobs", ErrorTypes.InvalidValue);
        }

        LogitBiasParam.Read(request.LogitBias);
        CreateResponseValidator.CheckRange(request.Temperature, 0, 2, "temperature");
        CreateResponseValidator.CheckRange(request.TopP, 0, 1, "top_p");
        CreateResponseValidator.CheckPenalty(request.PresencePenalty, "presence_penalty");
        CreateResponseValidator.CheckPenalty(request.FrequencyPenalty, "frequency_penalty");
        CreateResponseValidator.CheckTopLogprobs(request.TopLogprobs);
        CheckPositive(request.MaxTokens, "max_tokens");
        CheckPositive(request.MaxCompletionTokens, "max_completion_tokens");
        CheckNoNulls(request.Messages, "messages");
        CheckNoNulls(request.Tools, "tools");
    }

    private static void CheckPositive(int? value, string param)
    {
        if (value is { } v && v < 1)
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}': integer below minimum value. Expected a value >= 1, but got {v} instead.", param, ErrorTypes.InvalidValue);
        }
    }

    /// <summary>JSON null elements never reach the polymorphic converters: a null message would crash conversion.</summary>
    private static void CheckNoNulls<T>(List<T>? list, string param)
        where T : class
    {
        var index = list?.IndexOf(null!) ?? -1;
        if (index >= 0)
        {
            throw ApiException.InvalidRequest(
                $"Invalid type for '{param}[{index}]': expected an object, but got null instead.", $"{param}[{index}]", ErrorTypes.InvalidType);
        }
    }
}
