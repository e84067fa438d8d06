namespace Responses.Inference.Hub;

/// <summary>
/// The catalog of names: published CPU int4 ORT GenAI folders, each with its genai_config.json, under a short name.
/// Evidence, from the Hugging Face Hub's own file listings ("Files and versions", seen through the search corpus in
/// 2025): every folder below lists genai_config.json beside its ONNX graph, external weights and tokenizer files.
/// Left out on purpose: onnx-community/Qwen2.5-0.5B-Instruct and -1.5B-Instruct are transformers.js exports (onnx/
/// holds model_q4.onnx and friends, and no folder has a genai_config.json), and no Qwen2.5-1.5B ORT GenAI folder
/// from Microsoft, onnx-community or AMD turned up.
/// </summary>
public static class ModelNames
{
    private const long GB = 1_000_000_000;

    public static IReadOnlyList<ModelCatalogEntry> Entries { get; } =
    [
        // huggingface.co/microsoft/Phi-4-mini-instruct-onnx/tree/main/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4:
        // genai_config.json, model.onnx (52.1 MB), model.onnx.data (4.86 GB), tokenizer.json, vocab.json, merges.txt.
        new("phi-4-mini", Hub("microsoft/Phi-4-mini-instruct-onnx/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4"), 4_930_000_000,
            "Phi-4-mini-instruct (3.8B), int4 RTN, 128k context, tool calling"),
        // huggingface.co/microsoft/Phi-3.5-mini-instruct-onnx/tree/main/cpu_and_mobile/cpu-int4-awq-block-128-acc-level-4:
        // genai_config.json, phi-3.5-mini-instruct-cpu-int4-awq-block-128-acc-level-4.onnx (52.2 MB) and .onnx.data (2.73 GB).
        new("phi-3.5-mini", Hub("microsoft/Phi-3.5-mini-instruct-onnx/cpu_and_mobile/cpu-int4-awq-block-128-acc-level-4"), (long)(2.79 * GB),
            "Phi-3.5-mini-instruct (3.8B), int4 AWQ, 128k context"),
        // huggingface.co/microsoft/Phi-3.5-vision-instruct-onnx/tree/main/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4:
        // genai_config.json, processor_config.json, phi-3.5-v-instruct-{text,vision,embedding}.onnx and their .onnx.data (3.22 GB).
        new("phi-3.5-vision", Hub("microsoft/Phi-3.5-vision-instruct-onnx/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4"), (long)(3.22 * GB),
            "Phi-3.5-vision-instruct (4.2B), int4 RTN; this server sends it text only (images as a placeholder)"),
        // huggingface.co/microsoft/Phi-3-mini-4k-instruct-onnx/tree/<commit>/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4:
        // genai_config.json, phi3-mini-4k-instruct-cpu-int4-rtn-block-32-acc-level-4.onnx and .onnx.data (2.72 GB), tokenizer.
        new("phi-3-mini-4k", Hub("microsoft/Phi-3-mini-4k-instruct-onnx/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4"), (long)(2.73 * GB),
            "Phi-3-mini-4k-instruct (3.8B), int4 RTN, 4k context"),
        // huggingface.co/microsoft/phi-4-onnx/tree/<commit>/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4:
        // genai_config.json, model.onnx, model.onnx.data (10.9 GB), tokenizer.json, vocab.json, merges.txt.
        new("phi-4", Hub("microsoft/phi-4-onnx/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4"), (long)(10.92 * GB),
            "Phi-4 (14B), int4 RTN, 16k context; slow on a small CPU"),
        // huggingface.co/amd/Qwen2.5-0.5B-Instruct-quantized_int4-float16-cpu-onnx/tree/main (the repository's root):
        // genai_config.json, model.onnx (192 kB), model.onnx.data (818 MB), tokenizer.json, vocab.json, merges.txt.
        new("qwen2.5-0.5b", Hub("amd/Qwen2.5-0.5B-Instruct-quantized_int4-float16-cpu-onnx"), (long)(0.835 * GB),
            "Qwen2.5-0.5B-Instruct, int4 (AMD's CPU export), 32k context, tool calling"),
    ];

    /// <summary>The entry for <paramref name="name"/> (case-insensitive), or null.</summary>
    public static ModelCatalogEntry? Find(string name) =>
        Entries.FirstOrDefault(entry => entry.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    private static HubModelReference Hub(string path) => HubModelReference.Parse(HubModelReference.Scheme + path);
}
