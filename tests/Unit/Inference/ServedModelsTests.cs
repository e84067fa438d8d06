using Responses.Inference;
using Responses.Inference.Catalog;

namespace Responses.Tests.Unit.Inference;

public sealed class ServedModelsTests
{
    [Fact]
    public void The_one_model_form_comes_first_then_the_list_each_named_by_its_folder_unless_given_an_id()
    {
        var served = ServedModels.Resolve(new InferenceOptions
        {
            ModelPath = "/models/phi",
            Models = [new() { Path = "/models/qwen/" }, new() { Path = "/models/qwen", Id = "qwen-2" }],
        });

        Assert.Equal([("/models/phi", "phi"), ("/models/qwen/", "qwen"), ("/models/qwen", "qwen-2")], served.Select(model => (model.Folder!, model.Id)));
    }

    [Fact]
    public void Nothing_configured_is_the_embedded_model_under_its_id_or_the_configured_one_then_the_vision_model()
    {
        Assert.Equal(
            [new ServedModel(null, "responses-tiny-llama"), new ServedModel(null, "responses-tiny-vision") { Vision = true }],
            ServedModels.Resolve(new InferenceOptions()));
        Assert.Equal(["tiny", "responses-tiny-vision"], ServedModels.Resolve(new InferenceOptions { ModelId = "tiny" }).Select(model => model.Id));
    }

    [Fact]
    public void A_model_id_that_takes_the_vision_models_name_names_the_text_model_alone()
    {
        var served = Assert.Single(ServedModels.Resolve(new InferenceOptions { ModelId = "responses-tiny-vision" }));
        Assert.False(served.Vision);
    }

    [Fact]
    public void A_configured_folder_is_served_alone()
    {
        Assert.Single(ServedModels.Resolve(new InferenceOptions { ModelPath = "/models/phi" }));
    }

    [Fact]
    public void Two_models_with_one_id_are_refused_before_anything_loads_naming_both_folders()
    {
        var error = Assert.Throws<ModelLoadException>(() => ServedModels.Resolve(new InferenceOptions
        {
            Models = [new() { Path = "/a/model" }, new() { Path = "/b/model" }],
        }));

        Assert.Equal(
            "Two models have the id 'model' ('/a/model' and '/b/model'); give each its own --model-id (Inference:Models:N:Id).",
            error.Message);
    }
}
