using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Runs.Compaction;

/// <summary>Whether a /v1/responses request compacts inline: its input ends with a compaction_trigger item.</summary>
public static class CompactionTrigger
{
    /// <exception cref="ApiException">400: a trigger that is not the final input item, as OpenAI requires.</exception>
    public static bool Ends(InputParam? input)
    {
        if (input?.Items is not { Count: > 0 } items)
        {
            return false;
        }

        for (var i = 0; i < items.Count - 1; i++)
        {
            if (items[i] is CompactionTriggerItemParam)
            {
                throw ApiException.InvalidRequest(
                    $"Invalid 'input[{i}]': a compaction_trigger item must be the final input item.", $"input[{i}]", ErrorTypes.InvalidValue);
            }
        }

        return items[^1] is CompactionTriggerItemParam;
    }
}
