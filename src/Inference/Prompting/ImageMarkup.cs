namespace Responses.Inference.Prompting;

/// <summary>
/// How a multimodal model type's processor finds an image in prompt text, and what it turns that marker into: the
/// renderer puts <see cref="Marker"/> where each image stands, ORT GenAI's processor expands it while it prefills, and
/// the rendered prompt's ids are the expanded text's, so usage, context checks and memory estimates count every
/// image token the model runs.
/// </summary>
/// <param name="Marker">The text the processor looks for, once per image.</param>
/// <param name="Expanded">The text the processor puts in its place (the image's soft tokens between its markers).</param>
/// <param name="Closing">The special token that ends an image's expansion (where the prompt cache may resume with text).</param>
internal sealed record ImageMarkup(string Marker, string Expanded, string Closing)
{
    /// <summary>Soft tokens ORT GenAI's gemma3 processor gives every image, whatever its size.</summary>
    public const int Gemma3ImageTokens = 256;

    /// <summary>The markup of a genai_config model type whose images this server sends to the model; null: text only.</summary>
    /// <remarks>
    /// gemma3 only, for now: its processor takes any number of images, each as one fixed marker. phi3v numbers its
    /// markers and expands them by the image's size, which the ids cannot know before the pixels are processed.
    /// </remarks>
    public static ImageMarkup? For(string modelType) => modelType switch
    {
        // ORT GenAI's gemma3 processor: "\n\n<start_of_image>" + 256 soft tokens + "<end_of_image>\n\n" (read from its output).
        "gemma3" => new("<start_of_image>", "\n\n<start_of_image>" + string.Concat(Enumerable.Repeat("<image_soft_token>", Gemma3ImageTokens)) + "<end_of_image>\n\n", "<end_of_image>"),
        _ => null,
    };
}
