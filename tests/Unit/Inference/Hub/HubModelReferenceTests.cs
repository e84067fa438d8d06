using Responses.Inference;
using Responses.Inference.Hub;

namespace Responses.Tests.Unit.Inference.Hub;

public sealed class HubModelReferenceTests
{
    [Theory]
    [InlineData("hf:microsoft/Phi-4-mini-instruct-onnx/cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4", "microsoft", "Phi-4-mini-instruct-onnx", "cpu_and_mobile/cpu-int4-rtn-block-32-acc-level-4", "main")]
    [InlineData("hf:amd/Qwen2.5-0.5B-Instruct-quantized_int4-float16-cpu-onnx", "amd", "Qwen2.5-0.5B-Instruct-quantized_int4-float16-cpu-onnx", "", "main")]
    [InlineData("HF:org/repo/a/b/@v1.2", "org", "repo", "a/b", "v1.2")]
    [InlineData("hf:org/repo/a@refs/pr/2", "org", "repo", "a", "refs/pr/2")]
    public void The_reference_names_owner_repository_folder_and_revision(string text, string owner, string repository, string folder, string revision)
    {
        Assert.Equal(new HubModelReference(owner, repository, folder, revision), HubModelReference.Parse(text));
    }

    [Fact]
    public void It_prints_as_typed_leaving_out_the_default_revision_and_knows_a_commit()
    {
        Assert.Equal("hf:org/repo/a/b", HubModelReference.Parse("hf:org/repo/a/b@main").ToString());
        Assert.Equal("hf:org/repo@v1", HubModelReference.Parse("hf:org/repo@v1").ToString());
        Assert.True(HubModelReference.Parse($"hf:org/repo@{new string('a', 40)}").IsCommit);
        Assert.False(HubModelReference.Parse("hf:org/repo@main").IsCommit);
    }

    [Theory]
    [InlineData("hf:", "it names no repository")]
    [InlineData("hf:org", "it names no repository")]
    [InlineData("hf:-org/repo", "is not a repository id")]
    [InlineData("hf:org/re po", "is not a repository id")]
    [InlineData("hf:org/repo/../etc", "the folder has an empty, '.' or '..' part")]
    [InlineData("hf:org/repo/a//b", "the folder has an empty, '.' or '..' part")]
    [InlineData("hf:org/repo@", "'' is not a revision")]
    [InlineData("hf:org/repo@../x", "'../x' is not a revision")]
    public void A_malformed_reference_says_what_is_wrong_and_shows_the_form(string text, string reason)
    {
        var error = Assert.Throws<ModelLoadException>(() => HubModelReference.Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("Write hf:OWNER/REPO[/FOLDER][@REVISION], e.g. hf:microsoft/", error.Message, StringComparison.Ordinal);
    }
}
