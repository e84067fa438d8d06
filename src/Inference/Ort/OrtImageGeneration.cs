using Microsoft.ML.OnnxRuntimeGenAI;

namespace Responses.Inference.Ort;

/// <summary>
/// ORT GenAI's own multimodal path, straight through: a vision model's folder, its MultiModalProcessor on a prompt
/// and an image (the processor expands the prompt's image marker and pre-processes the pixels), then greedy decoding
/// from the tensors it made. The engine does not run this yet; it shows that a folder's vision, embedding and decoder
/// graphs work together in the runtime the server ships.
/// </summary>
internal static class OrtImageGeneration
{
    /// <summary>The prompt's ids as the processor expanded them, and up to <paramref name="maxNewTokens"/> greedy tokens after them.</summary>
    /// <exception cref="InferenceException">ORT GenAI refused the folder, the image or the prompt.</exception>
    public static (int[] PromptIds, int[] Generated) Greedy(string folder, string prompt, byte[] image, int maxNewTokens)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(image);
        try
        {
            using var config = new Config(folder);
            config.ClearProviders();
            using var model = new Model(config);
            using var processor = new MultiModalProcessor(model);
            using var images = Images.Load(image);
            using var inputs = processor.ProcessImages(prompt, images);
            using var settings = new GeneratorParams(model);
            settings.SetSearchOption("do_sample", false);
            using var generator = new Generator(model, settings);
            generator.SetInputs(inputs);
            var promptIds = generator.GetSequence(0).ToArray();
            var generated = new List<int>(maxNewTokens);
            while (generated.Count < maxNewTokens && !generator.IsDone())
            {
                generator.GenerateNextToken();
                generated.Add(generator.GetSequence(0)[^1]);
            }

            return (promptIds, [.. generated]);
        }
        catch (OnnxRuntimeGenAIException ex)
        {
            throw OrtCalls.Translate(ex);
        }
    }
}
