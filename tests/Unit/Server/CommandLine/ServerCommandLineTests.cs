using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Responses.Inference.Catalog;
using Responses.Server.Host.CommandLine;
using Responses.Server.Runs;

namespace Responses.Tests.Unit.Server.CommandLine;

/// <summary>The switches as users type them: help, usage errors, and the configuration they become.</summary>
public sealed class ServerCommandLineTests
{
    public static TheoryData<string, string, string> Switches() => new()
    {
        { "--model <MODEL>", "Inference:Models:N:Path", "Inference__Models__N__Path" },
        { "--model-id <NAME>", "Inference:Models:N:Id", "Inference__Models__N__Id" },
        { "--host <ADDR>", "Server:Host", "Server__Host" },
        { "--port <N>", "Server:Port", "Server__Port" },
        { "--store <SPEC>", "Store:Spec", "Store__Spec" },
        { "--api-key <KEY>", "Auth:ApiKeys:N", "Auth__ApiKeys__N" },
        { "--api-keys-file <FILE>", "Auth:ApiKeysFile", "Auth__ApiKeysFile" },
        { "--max-concurrency <N>", "Scheduler:MaxConcurrency", "Scheduler__MaxConcurrency" },
        { "--queue <N>", "Scheduler:QueueLength", "Scheduler__QueueLength" },
        { "--default-max-output-tokens <N>", "Inference:DefaultMaxOutputTokens", "Inference__DefaultMaxOutputTokens" },
        { "--shutdown-grace <SECONDS>", "Server:ShutdownGraceSeconds", "Server__ShutdownGraceSeconds" },
        { "--log-format <text|json>", "Logging:Format", "Logging__Format" },
    };

    [Theory]
    [MemberData(nameof(Switches))]
    public void Help_lists_every_switch_with_its_default_key_and_environment_variable(string usage, string key, string environment)
    {
        var (exitCode, output, error) = Run("--help");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        var line = output.Split('\n').SkipWhile(line => !line.TrimStart().StartsWith(usage + " ", StringComparison.Ordinal)).Take(3);
        var text = string.Join(' ', line);
        Assert.Contains($"[config: {key}] [env: {environment}]", text, StringComparison.Ordinal);
        Assert.Contains("[default: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_says_how_the_sources_rank_and_version_prints_the_version()
    {
        Assert.Contains("The command line wins over the environment, which wins over appsettings.json.", Run("--help").Output, StringComparison.Ordinal);
        var (exitCode, output, _) = Run("--version");
        Assert.Equal(0, exitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'", "--bogus")]
    [InlineData("--port expects a whole number; got 'abc'", "--port", "abc")]
    [InlineData("--shutdown-grace expects a number; got 'soon'", "--shutdown-grace", "soon")]
    [InlineData("--log-format expects text or json; got 'xml'", "--log-format", "xml")]
    [InlineData("--model-id was given 2 times but --model 1", "--model", "a", "--model-id", "x", "--model-id", "y")]
    [InlineData("--Store:MaxResponses needs a value", "--Store:MaxResponses")]
    public void A_usage_error_is_one_line_on_stderr_and_exit_code_2(string message, params string[] args)
    {
        var (exitCode, output, error) = Run(args);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_models_pair_with_their_ids_in_order_and_replace_the_configured_ones()
    {
        var configured = new Dictionary<string, string?>
        {
            ["Inference:ModelPath"] = "/configured",
            ["Inference:ModelId"] = "configured",
            ["Inference:Models:0:Path"] = "/c0",
            ["Inference:Models:1:Path"] = "/c1",
            ["Inference:Models:2:Path"] = "/c2",
        };

        var options = Bind<InferenceOptions>(configured, "--model", "/a", "--model-id", "first", "--model", "/b");

        Assert.Null(options.ModelPath);
        Assert.Null(options.ModelId);
        Assert.Equal(["/a", "/b"], options.Models.Select(model => model.Path));
        Assert.Equal(["first", null], options.Models.Select(model => model.Id));
    }

    [Fact]
    public void Without_switches_the_configured_models_stay_and_a_lone_model_id_names_the_embedded_model()
    {
        var configured = new Dictionary<string, string?> { ["Inference:Models:0:Path"] = "/c0", ["Inference:Models:1:Path"] = "/c1" };
        Assert.Equal(["/c0", "/c1"], Bind<InferenceOptions>(configured).Models.Select(model => model.Path));
        Assert.Equal("tiny", Bind<InferenceOptions>([], "--model-id", "tiny").ModelId);
    }

    [Fact]
    public void Switches_win_over_configuration_and_any_key_can_be_given_as_section_key()
    {
        var configured = new Dictionary<string, string?> { ["Server:Port"] = "9000", ["Server:Host"] = "0.0.0.0" };

        var configuration = Configuration(configured, "--port", "8123", "--Server:SocketSendBufferBytes", "4096", "--Server:Host=localhost", "--store:memory");

        Assert.Equal("8123", configuration["Server:Port"]);
        Assert.Equal("4096", configuration["Server:SocketSendBufferBytes"]);
        Assert.Equal("localhost", configuration["Server:Host"]);
        Assert.Equal("memory", configuration["Store:Spec"]);
    }

    [Fact]
    public void Api_keys_and_the_log_format_become_configuration_keys()
    {
        var configuration = Configuration(new() { ["Auth:ApiKeys:0"] = "old", ["Auth:ApiKeys:1"] = "older" }, "--api-key", "k1", "--api-key", "k2", "--log-format", "json");

        Assert.Equal(["k1", "k2"], configuration.GetSection("Auth:ApiKeys").GetChildren().Select(key => key.Value));
        Assert.Equal("json", configuration["Logging:Format"]);
    }

    [Fact]
    public void List_models_asks_to_print_instead_of_serving_and_keeps_the_configuration_it_reads()
    {
        var outcome = ServerCommandLine.Parse(["--list-models", "--Inference:CacheDirectory", "/tmp/models"], TextWriter.Null, TextWriter.Null);

        Assert.Null(outcome.ExitCode);
        Assert.True(outcome.ListModels);
        Assert.Equal(["--Inference:CacheDirectory=/tmp/models"], outcome.HostArguments);
        Assert.False(ServerCommandLine.Parse([], TextWriter.Null, TextWriter.Null).ListModels);
    }

    private static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var outcome = ServerCommandLine.Parse(args, output, error);
        return (outcome.ExitCode ?? -1, output.ToString(), error.ToString());
    }

    private static IConfigurationRoot Configuration(Dictionary<string, string?> configured, params string[] args)
    {
        var builder = new ConfigurationBuilder().AddInMemoryCollection(configured);
        var outcome = ServerCommandLine.Parse(args, TextWriter.Null, TextWriter.Null);
        Assert.Null(outcome.ExitCode);
        outcome.AddTo(builder);
        return builder.Build();
    }

    private static T Bind<T>(Dictionary<string, string?> configured, params string[] args)
        where T : class, new()
    {
        var configuration = Configuration(configured, args);
        var section = typeof(T) == typeof(InferenceOptions) ? InferenceOptions.SectionName : throw new NotSupportedException();
        using var services = new ServiceCollection().Configure<T>(configuration.GetSection(section)).BuildServiceProvider();
        return services.GetRequiredService<IOptions<T>>().Value;
    }
}
