using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Server.Errors;
using Responses.Server.Runs.Conversation;

namespace Responses.Server.Runs;

/// <summary>
/// How many input items (or chat messages) and tools one request may hold, and how large a file it may send: a 400
/// naming the limit beyond, before anything is decoded.
/// </summary>
public sealed class RequestCountLimits(IOptions<RequestLimitsOptions> options)
{
    private readonly RequestLimitsOptions limits = options.Value;

    public void Check(CreateResponse request)
    {
        Check(request.Input?.Items?.Count, limits.MaxInputItems, "input", "input items", nameof(RequestLimitsOptions.MaxInputItems));
        Check(request.Tools?.Count, limits.MaxTools, "tools", "tools", nameof(RequestLimitsOptions.MaxTools));
        CheckFiles(request.Input?.Items);
    }

    public void Check(CompactResponseMethodPublicBody request)
    {
        Check(request.Input?.Items?.Count, limits.MaxInputItems, "input", "input items", nameof(RequestLimitsOptions.MaxInputItems));
        CheckFiles(request.Input?.Items);
    }

    public void Check(CreateChatCompletionRequest request)
    {
        Check(request.Messages?.Count, limits.MaxInputItems, "messages", "messages", nameof(RequestLimitsOptions.MaxInputItems));
        Check(request.Tools?.Count, limits.MaxTools, "tools", "tools", nameof(RequestLimitsOptions.MaxTools));
        for (var i = 0; i < (request.Messages?.Count ?? 0); i++)
        {
            var parts = request.Messages![i] switch
            {
                ChatCompletionRequestUserMessage message => message.Content?.Items,
                ChatCompletionRequestSystemMessage message => message.Content?.Items,
                ChatCompletionRequestDeveloperMessage message => message.Content?.Items,
                ChatCompletionRequestToolMessage message => message.Content?.Items,
                _ => null,
            };
            for (var j = 0; j < (parts?.Count ?? 0); j++)
            {
                if (parts![j].File is { } file)
                {
                    CheckFile(FileText.DecodedLength(new InputFileContent { FileData = file.FileData }), $"messages[{i}].content[{j}]");
                }
            }
        }
    }

    private void CheckFiles(IReadOnlyList<InputItem>? items)
    {
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var parts = items![i] switch
            {
                EasyInputMessage message => message.Content?.Items,
                FunctionCallOutputItemParam output => output.Output?.Items,
                CustomToolCallOutput output => output.Output?.Items,
                _ => null,
            };
            var where = items[i] is EasyInputMessage ? "content" : "output";
            for (var j = 0; j < (parts?.Count ?? 0); j++)
            {
                if (parts![j] is InputFileContent file)
                {
                    CheckFile(FileText.DecodedLength(file), $"input[{i}].{where}[{j}]");
                }
            }
        }
    }

    private void CheckFile(long bytes, string param)
    {
        if (bytes > limits.MaxFileBytes)
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}': the file is {bytes} bytes, more than this server accepts for one file: at most {limits.MaxFileBytes}, set by {RequestLimitsOptions.SectionName}:{nameof(RequestLimitsOptions.MaxFileBytes)}.",
                param,
                ErrorTypes.LimitExceeded);
        }
    }

    private static void Check(int? count, int max, string param, string what, string setting)
    {
        if (count > max)
        {
            throw ApiException.InvalidRequest(
                $"Invalid '{param}': {count} {what}, more than this server accepts in one request: at most {max}, set by {RequestLimitsOptions.SectionName}:{setting}.",
                param,
                ErrorTypes.LimitExceeded);
        }
    }
}
