using System.Text.Json;
using Responses.Inference;
using Responses.Inference.Hub;

namespace Responses.Tests.Unit.Inference.Hub;

public sealed class HubFileSelectionTests
{
    private static readonly HubModelReference Model = HubModelReference.Parse("hf:org/repo/cpu");

    [Fact]
    public void The_named_graphs_their_external_data_and_the_tokenizer_and_config_files_are_taken_and_nothing_else()
    {
        // The layout of microsoft/Phi-3.5-vision-instruct-onnx's CPU folder, plus what a pull must leave behind.
        string[] names =
        [
            "genai_config.json", "processor_config.json", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja",
            "phi-3.5-v-instruct-text.onnx", "phi-3.5-v-instruct-text.onnx.data",
            "phi-3.5-v-instruct-vision.onnx", "phi-3.5-v-instruct-vision.onnx.data",
            "phi-3.5-v-instruct-embedding.onnx", "phi-3.5-v-instruct-embedding.onnx_data",
            "phi-3.5-v-instruct-text-fp16.onnx", "phi-3.5-v-instruct-text-fp16.onnx.data", "README.md", "configuration_phi3_v.py", "sample.png",
        ];
        var config = """
            {"model": {"decoder": {"filename": "phi-3.5-v-instruct-text.onnx"},
                       "embedding": {"filename": "phi-3.5-v-instruct-embedding.onnx"},
                       "vision": {"filename": "phi-3.5-v-instruct-vision.onnx", "config_filename": "processor_config.json"}}}
            """;

        var selected = Select(names, config);

        Assert.Equal(
            [
                "genai_config.json", "processor_config.json", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "chat_template.jinja",
                "phi-3.5-v-instruct-text.onnx", "phi-3.5-v-instruct-text.onnx.data", "phi-3.5-v-instruct-vision.onnx", "phi-3.5-v-instruct-vision.onnx.data",
                "phi-3.5-v-instruct-embedding.onnx", "phi-3.5-v-instruct-embedding.onnx_data",
            ],
            selected);
    }

    [Fact]
    public void External_data_named_after_the_graph_without_its_extension_is_taken()
    {
        var selected = Select(["genai_config.json", "model.onnx", "model.data", "modelx.data", "vocab.json", "merges.txt"],
            """{"model": {"decoder": {"filename": "model.onnx"}}}""");

        Assert.Equal(["genai_config.json", "model.onnx", "model.data", "vocab.json", "merges.txt"], selected);
    }

    [Fact]
    public void A_file_the_config_names_that_the_folder_lacks_is_refused_by_name()
    {
        var error = Assert.Throws<ModelLoadException>(() => Select(["genai_config.json"], """{"model": {"decoder": {"filename": "model.onnx"}}}"""));

        Assert.Equal("hf:org/repo/cpu: genai_config.json names 'model.onnx', which the folder on the Hub does not have.", error.Message);
    }

    private static List<string> Select(string[] names, string config)
    {
        using var json = JsonDocument.Parse(config);
        var files = names.Select(name => new HubEntry("file", $"cpu/{name}", 10, null, null)).ToList();
        return HubFileSelection.Select(Model, files, json.RootElement).Select(file => file.Name).ToList();
    }
}
