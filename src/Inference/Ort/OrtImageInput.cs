using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Ort;

/// <summary>
/// A vision model's MultiModalProcessor: a prompt and its images become the tensors a fresh generator's first input
/// takes (the prompt's ids with each image's marker expanded, and the pre-processed pixels). Owned by the model.
/// </summary>
internal sealed class OrtImageInput(MultiModalProcessor processor, OrtAccess access) : IDisposable
{
    /// <summary>The generator's inputs; the caller disposes them once they are set.</summary>
    /// <exception cref="InferenceException">The processor refused an image (the request's: invalid input) or ran out of memory.</exception>
    public NamedTensors Process(string prompt, IReadOnlyList<ChatImage> images)
    {
        try
        {
            using var loaded = OrtNative.LoadImages(images);
            // The processor tokenizes with the model's tokenizer, whose calls other than Encode must not overlap.
            return access.Serialized(() =>
            {
                try
                {
                    return processor.ProcessImages(prompt, loaded);
                }
                catch (OnnxRuntimeGenAIException ex)
                {
                    throw OrtCalls.Translate(ex);
                }
            });
        }
        catch (InferenceException ex) when (ex.Kind == InferenceFailureKind.Internal)
        {
            // Only the header of an image was checked when the request came in: bytes the decoder cannot read are the
            // request's fault, not the server's.
            throw new InferenceException(InferenceFailureKind.InvalidInput, $"The model's image processor could not read an image: {ex.Message}", ex);
        }
    }

    public void Dispose() => processor.Dispose();
}
