using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Compaction;

/// <summary>What POST /v1/responses/compact needs: a model, and a conversation (input, previous_response_id, or both).</summary>
public static class CompactRequestValidator
{
    public static void Validate(CompactResponseMethodPublicBody request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw ApiException.InvalidRequest("Missing required parameter: 'model'.", "model", ErrorTypes.MissingRequiredParameter);
        }

        var hasInput = request.Input is { IsText: true } || request.Input?.Items is { Count: > 0 };
        if (!hasInput && request.PreviousResponseId is null)
        {
            throw ApiException.InvalidRequest(
                "Nothing to compact: give the conversation as 'input', 'previous_response_id', or both.", "input", ErrorTypes.MissingRequiredParameter);
        }

        if (request.Input?.Items is { } items && items.FindIndex(item => item is CompactionTriggerItemParam) is var trigger and >= 0)
        {
            throw ApiException.InvalidRequest(
                $"Invalid 'input[{trigger}]': compaction_trigger belongs in a /v1/responses request; this endpoint compacts the whole input.",
                $"input[{trigger}]",
                ErrorTypes.InvalidValue);
        }
    }
}
