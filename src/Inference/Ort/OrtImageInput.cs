using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Ort;

/// <summary>
/// A vision model's MultiModalProcessor: a prompt and its images become the tensors a fresh generator's first input
/// takes (the prompt's ids with each image's marker expanded, and the pre-processed pixels). Owned by the model.
/// </summary>
internal sealed class OrtImageInput(MultiModalProcessor processor, OrtAccess access) : IDisposable
{
    /// <summary>The generator's inputs; the caller disposes them once they are set.</summary>
    /// <exception cref="InferenceException">The processor refused an image or the prompt.</exception>
    public NamedTensors Process(string prompt, IReadOnlyList<ChatImage> images)
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

    public void Dispose() => processor.Dispose();
}
