using Responses.Inference.Native;

namespace Responses.Inference.Prompting;

/// <summary>What a model's chat template is checked for once, at load.</summary>
internal static class ChatTemplateProbe
{
    /// <summary>
    /// Whether the tokenizer's own template (parsed once) renders what ours does, so requests can skip re-parsing.
    /// Folders whose template the engine finds elsewhere, or not at all, keep the explicit one.
    /// </summary>
    public static bool RendersLikeTokenizer(INativeTokenizer tokenizer, string template)
    {
        const string probe = """[{"role":"system","content":"s"},{"role":"user","content":"u"}]""";
        try
        {
            return tokenizer.ApplyChatTemplate(null, probe, null, true) == tokenizer.ApplyChatTemplate(template, probe, null, true);
        }
        catch (Exception ex) when (ex is ChatTemplateException or InferenceException)
        {
            return false;
        }
    }

    /// <summary>Renders a one-line conversation so a template the engine cannot parse fails at load, not per request.</summary>
    public static void EnsureRenders(INativeTokenizer tokenizer, string template, string path)
    {
        try
        {
            tokenizer.ApplyChatTemplate(template, """[{"role":"user","content":"hi"}]""", null, true);
        }
        catch (ChatTemplateException ex)
        {
            throw new ModelLoadException($"The chat template for '{path}' does not render: {ex.Message}", ex);
        }
    }
}
