using Microsoft.Extensions.Configuration;
using Responses.Inference.Hub;

namespace Responses.Tests.Unit.Inference.Hub;

public sealed class HubEnvironmentTests
{
    [Fact]
    public void The_hub_variables_fill_what_the_options_leave_unset()
    {
        var options = Apply(new HubOptions(), new() { ["HF_ENDPOINT"] = "https://mirror.example/", ["HF_TOKEN"] = "hf_a", ["HF_HUB_OFFLINE"] = "True" });

        Assert.Equal("https://mirror.example", options.Endpoint);
        Assert.Equal("hf_a", options.Token);
        Assert.True(options.Offline);
    }

    [Fact]
    public void Options_win_over_the_variables_and_the_defaults_are_the_public_hub_online()
    {
        Assert.Equal("http://set", Apply(new HubOptions { Endpoint = "http://set" }, new() { ["HF_ENDPOINT"] = "http://env" }).Endpoint);
        var defaults = Apply(new HubOptions(), new() { ["HF_HUB_OFFLINE"] = "0" });
        Assert.Equal("https://huggingface.co", defaults.Endpoint);
        Assert.False(defaults.Offline);
        Assert.Null(defaults.Token);
    }

    [Fact]
    public void Without_HF_TOKEN_the_token_file_of_huggingface_cli_login_is_read()
    {
        var home = Directory.CreateTempSubdirectory("responses-tests-hf-home-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(home, "token"), "hf_from_file\n");

            Assert.Equal("hf_from_file", Apply(new HubOptions(), new() { ["HF_HOME"] = home }).Token);
            Assert.Equal("hf_env", Apply(new HubOptions(), new() { ["HF_HOME"] = home, ["HF_TOKEN"] = "hf_env" }).Token);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static HubOptions Apply(HubOptions options, Dictionary<string, string?> variables)
    {
        variables.TryAdd("HF_TOKEN_PATH", Path.Combine(Path.GetTempPath(), "responses-tests-no-token"));
        if (variables.ContainsKey("HF_HOME"))
            variables.Remove("HF_TOKEN_PATH");
        HubEnvironment.Apply(options, new ConfigurationBuilder().AddInMemoryCollection(variables).Build());
        return options;
    }
}
