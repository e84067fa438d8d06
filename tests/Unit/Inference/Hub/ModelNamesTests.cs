using Responses.Inference;
using Responses.Inference.Catalog;
using Responses.Inference.Hub;

namespace Responses.Tests.Unit.Inference.Hub;

public sealed class ModelNamesTests
{
    [Fact]
    public void Every_name_is_unique_lower_case_and_stands_for_a_cpu_folder_at_main()
    {
        Assert.Equal(ModelNames.Entries.Count, ModelNames.Entries.Select(entry => entry.Name).Distinct().Count());
        Assert.All(ModelNames.Entries, entry =>
        {
            Assert.Equal(entry.Name.ToLowerInvariant(), entry.Name);
            Assert.Equal(HubModelReference.DefaultRevision, entry.Source.Revision);
            Assert.True(entry.Source.Folder.Length == 0 || entry.Source.Folder.StartsWith("cpu_and_mobile/cpu-int4", StringComparison.Ordinal), entry.Source.ToString());
            Assert.InRange(entry.DownloadBytes, 500_000_000, 12_000_000_000);
        });
        Assert.Same(ModelNames.Find("phi-4-mini"), ModelNames.Find("Phi-4-Mini"));
    }

    [Fact]
    public void A_catalog_name_or_an_hf_reference_is_a_hub_model_answering_to_its_name_or_repository_unless_given_an_id()
    {
        var served = ServedModels.Resolve(new InferenceOptions
        {
            Models =
            [
                new() { Path = "phi-4-mini" },
                new() { Path = "hf:org/some-model-onnx/cpu@v2" },
                new() { Path = "qwen2.5-0.5b", Id = "qwen" },
            ],
        });

        Assert.Equal(
            [
                (null, "phi-4-mini", "hf:microsoft/Phi-4-mini-instruct-onnx/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4"),
                (null, "some-model-onnx", "hf:org/some-model-onnx/cpu@v2"),
                (null, "qwen", "hf:amd/Qwen2.5-0.5B-Instruct-quantized_int4-float16-cpu-onnx"),
            ],
            served.Select(model => (model.Folder, model.Id, model.Hub?.ToString())));
    }


    [Fact]
    public void A_bare_name_that_is_neither_a_folder_nor_in_the_catalog_is_one_line_listing_the_names()
    {
        var error = Assert.Throws<ModelLoadException>(() => ServedModels.Resolve(new InferenceOptions { ModelPath = "phi-9-mega" }));

        Assert.StartsWith($"'phi-9-mega' is neither a model folder ('{Path.GetFullPath("phi-9-mega")}' does not exist) nor a model in the catalog (phi-4-mini, phi-3.5-mini, ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("); see --list-models, or name a Hub folder as hf:OWNER/REPO/FOLDER.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_hub_models_under_one_id_are_refused_naming_both()
    {
        var error = Assert.Throws<ModelLoadException>(() => ServedModels.Resolve(new InferenceOptions
        {
            Models = [new() { Path = "hf:a/model" }, new() { Path = "hf:b/model" }],
        }));

        Assert.Equal("Two models have the id 'model' ('hf:a/model' and 'hf:b/model'); give each its own --model-id (Inference:Models:N:Id).", error.Message);
    }
}
