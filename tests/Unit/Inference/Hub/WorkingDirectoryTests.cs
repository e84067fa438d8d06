using Responses.Inference.Catalog;

namespace Responses.Tests.Unit.Inference.Hub;

/// <summary>Changes the process's working directory, so it runs alone, after the tests that run in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
[Collection(Name)]
public sealed class WorkingDirectoryTests
{
    public const string Name = "working directory";

    [Fact]
    public void A_folder_here_with_a_catalog_name_is_served_as_the_folder()
    {
        var parent = Directory.CreateTempSubdirectory("responses-tests-names-").FullName;
        var previous = Environment.CurrentDirectory;
        try
        {
            Directory.CreateDirectory(Path.Combine(parent, "phi-4-mini"));
            Environment.CurrentDirectory = parent;

            var served = Assert.Single(ServedModels.Resolve(new InferenceOptions { ModelPath = "phi-4-mini" }));

            Assert.Null(served.Hub);
            Assert.Equal(Path.Combine(parent, "phi-4-mini"), served.Folder);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            Directory.Delete(parent, recursive: true);
        }
    }
}
