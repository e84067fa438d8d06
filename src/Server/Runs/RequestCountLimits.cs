using Microsoft.Extensions.Options;
using Responses.Generated;
using Responses.Server.Errors;

namespace Responses.Server.Runs;

/// <summary>How many input items (or chat messages) and tools one request may hold: a 400 naming the limit beyond.</summary>
public sealed class RequestCountLimits(IOptions<RequestLimitsOptions> options)
{
    private readonly RequestLimitsOptions limits = options.Value;

    public void Check(CreateResponse request)
    {
        Check(request.Input?.Items?.Count, limits.MaxInputItems, "input", "input items", nameof(RequestLimitsOptions.MaxInputItems));
        Check(request.Tools?.Count, limits.MaxTools, "tools", "tools", nameof(RequestLimitsOptions.MaxTools));
    }

    public void Check(CompactResponseMethodPublicBody request) =>
        Check(request.Input?.Items?.Count, limits.MaxInputItems, "input", "input items", nameof(RequestLimitsOptions.MaxInputItems));

    public void Check(CreateChatCompletionRequest request)
    {
        Check(request.Messages?.Count, limits.MaxInputItems, "messages", "messages", nameof(RequestLimitsOptions.MaxInputItems));
        Check(request.Tools?.Count, limits.MaxTools, "tools", "tools", nameof(RequestLimitsOptions.MaxTools));
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
