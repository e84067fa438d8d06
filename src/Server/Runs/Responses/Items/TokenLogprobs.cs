using System.Text;
using Responses.Generated;
using Responses.Inference;

namespace Responses.Server.Runs.Responses.Items;

/// <summary>The engine's token log probabilities in OpenAI's two shapes: an output_text part's (with bytes) and a text event's.</summary>
internal static class TokenLogprobs
{
    public static List<LogProb> ForContent(IEnumerable<TokenLogprob> tokens) =>
    [
        .. tokens.Select(token => new LogProb
        {
            Token = token.Token,
            Logprob = token.Logprob,
            Bytes = Bytes(token.Token),
            TopLogprobs = [.. token.Top.Select(top => new TopLogProb { Token = top.Token, Logprob = top.Logprob, Bytes = Bytes(top.Token) })],
        }),
    ];

    public static List<ResponseLogProb> ForEvent(IEnumerable<TokenLogprob> tokens) =>
    [
        .. tokens.Select(token => new ResponseLogProb
        {
            Token = token.Token,
            Logprob = token.Logprob,
            TopLogprobs = [.. token.Top.Select(top => new ResponseTopLogProb { Token = top.Token, Logprob = top.Logprob })],
        }),
    ];

    private static List<int> Bytes(string token) => [.. Encoding.UTF8.GetBytes(token).Select(b => (int)b)];
}
