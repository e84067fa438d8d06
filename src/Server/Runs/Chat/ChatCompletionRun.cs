using Responses.Generated;

namespace Responses.Server.Runs.Chat;

/// <summary>One accepted chat request: the neutral run ("chatcmpl-…"), and the request its chunks echo.</summary>
public sealed record ChatCompletionRun(CreateChatCompletionRequest Request, Run Generation)
{
    public bool IncludeUsage => Request.StreamOptions?.IncludeUsage == true;
}
