using Responses.Generated;
using Responses.Server.Pipeline;

namespace Responses.Server.ChatCompletions;

/// <summary>One accepted chat request: the neutral generation ("chatcmpl-…"), and the request its chunks echo.</summary>
public sealed record ChatCompletionRun(CreateChatCompletionRequest Request, GenerationRun Generation)
{
    public bool IncludeUsage => Request.StreamOptions?.IncludeUsage == true;
}
