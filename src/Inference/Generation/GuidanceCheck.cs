using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Generation;

/// <summary>
/// Compiles a prompt's grammar once before anything is streamed: the engine only reports a schema it cannot
/// compile when a generator is created, which for a streamed response is after the 200. Compiling costs well
/// under a millisecond once the engine has indexed the vocabulary (its first grammar, about 10 ms).
/// </summary>
internal static class GuidanceCheck
{
    public static void EnsureCompiles(Model model, NativeAccess native, Guidance guidance, int promptTokens, bool fromToolParameters)
    {
        try
        {
            native.Serialized(() =>
            {
                using var parameters = new GeneratorParams(model);
                parameters.SetSearchOption("max_length", promptTokens + 1);
                parameters.SetGuidance(guidance.Type, guidance.Data);
                using var generator = new Generator(model, parameters);
                return 0;
            });
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            var reason = ex.Message.Split('\n', 2)[0];
            throw new OutputConstraintException(
                fromToolParameters
                    ? $"The tool parameters cannot be enforced for a required tool call: {reason}"
                    : $"The JSON schema in text.format cannot be enforced: {reason}",
                fromToolParameters,
                ex);
        }
    }
}
