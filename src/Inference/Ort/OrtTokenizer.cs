using Microsoft.ML.OnnxRuntimeGenAI;
using Responses.Inference.Native;

namespace Responses.Inference.Ort;

/// <summary>ORT GenAI's tokenizer and Jinja chat-template engine behind the seam, every call through <see cref="OrtAccess"/>.</summary>
internal sealed class OrtTokenizer(Tokenizer tokenizer, OrtAccess access) : INativeTokenizer
{
    public IReadOnlyList<int> EosTokenIds { get; } = access.Serialized(() => tokenizer.GetEosTokenIds().ToArray());

    public int[] Encode(string text) => access.Shared(() =>
    {
        try
        {
            using var sequences = tokenizer.Encode(text);
            return sequences[0].ToArray();
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    });

    public string Decode(ReadOnlySpan<int> tokens)
    {
        var copy = tokens.ToArray(); // a span cannot enter the lambda
        return access.Serialized(() =>
        {
            try
            {
                return tokenizer.Decode(copy);
            }
            catch (OnnxRuntimeGenAIException ex)
            {
                throw OrtCalls.Translate(ex);
            }
        });
    }

    public ITokenStream CreateStream() => access.Serialized(() => new Stream(tokenizer.CreateStream()));

    public string ApplyChatTemplate(string? template, string messagesJson, string? toolsJson, bool addGenerationPrompt) => access.Serialized(() =>
    {
        try
        {
            return tokenizer.ApplyChatTemplate(template!, messagesJson, toolsJson!, addGenerationPrompt);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            // The engine's message starts with the template's own words (raise_exception), then a location trace.
            var firstLine = OrtCalls.FirstLine(ex.Message);
            var location = firstLine.IndexOf(" at row ", StringComparison.Ordinal);
            throw new ChatTemplateException(location < 0 ? firstLine : firstLine[..location], ex);
        }
    });

    /// <summary>One generation's detokenizer: used by the engine's thread only, so it takes no lock (as before the seam).</summary>
    private sealed class Stream(TokenizerStream stream) : ITokenStream
    {
        public string Decode(int token)
        {
            try
            {
                return stream.Decode(token);
            }
            catch (OnnxRuntimeGenAIException ex)
            {
                throw OrtCalls.Translate(ex);
            }
        }

        public void Dispose() => stream.Dispose();
    }
}
