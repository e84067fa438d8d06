using System.CommandLine;
using System.Globalization;
using Responses.Inference.Catalog;
using Responses.Inference.EmbeddedModel;
using Responses.Inference.Scheduling;
using Responses.Server.Host.Auth;
using Responses.Server.Storage;

namespace Responses.Server.Host.CommandLine;

/// <summary>
/// Every switch the server takes, each with its configuration key: the table --help prints and the parsed command
/// line is turned into configuration entries from. Defaults shown come from the options classes themselves.
/// </summary>
internal sealed class ServerSwitches
{
    public const string LogFormatKey = "Logging:Format";

    private const string ModelsKey = $"{InferenceOptions.SectionName}:{nameof(InferenceOptions.Models)}";
    private const string ApiKeysKey = $"{AuthOptions.SectionName}:{nameof(AuthOptions.ApiKeys)}";

    private readonly Option<string[]> model = SwitchParsers.Repeated("--model", "MODEL");
    private readonly Option<string[]> modelId = SwitchParsers.Repeated("--model-id", "NAME");
    private readonly Option<string[]> apiKey = SwitchParsers.Repeated("--api-key", "KEY");
    private readonly List<(string Key, Func<ParseResult, string?> Read)> scalars = [];

    public ServerSwitches()
    {
        var server = new ServerOptions();
        var scheduler = new SchedulerOptions();
        var inference = new InferenceOptions();
        All =
        [
            new(model, $"{ModelsKey}:N:Path", $"the embedded model ('{EmbeddedModelWriter.ModelId}')",
                "A model to serve: an ONNX Runtime GenAI model folder, a name from --list-models (phi-4-mini, qwen2.5-0.5b, ...) or hf:OWNER/REPO[/FOLDER][@REVISION], downloaded from Hugging Face once into the model cache. Repeat it to serve several; the request's \"model\" chooses. One model may also be set as Inference:ModelPath."),
            new(modelId, $"{ModelsKey}:N:Id", "the folder name",
                "The id clients put in \"model\" for the --model in the same place (the first --model-id names the first --model). Without --model: the embedded model's id."),
            Scalar(SwitchParsers.Text("--host", "ADDR"), ServerOptions.SectionName, nameof(ServerOptions.Host), server.Host,
                "The address to listen on: an IP address, 'localhost', or '*' for every interface."),
            Scalar(SwitchParsers.Integer("--port", "N"), ServerOptions.SectionName, nameof(ServerOptions.Port), Invariant(server.Port),
                "The port to listen on."),
            Scalar(SwitchParsers.Text("--store", "SPEC"), StoreOptions.SectionName, nameof(StoreOptions.Spec), "sqlite (a file in ~/.cache/responses/store)",
                "Where stored responses live: memory, sqlite, sqlite:PATH or postgres:CONNECTION_STRING."),
            new(apiKey, $"{ApiKeysKey}:N", "none",
                $"An API key clients must send as 'Authorization: Bearer KEY' on /v1; repeatable (also {AuthOptions.KeysVariable}, comma separated). Each key sees only the responses it stored. None: the API is open."),
            Scalar(SwitchParsers.Text("--api-keys-file", "FILE"), AuthOptions.SectionName, nameof(AuthOptions.ApiKeysFile), "none",
                "A file of API keys, one per line ('#' comments), added to --api-key's."),
            Scalar(SwitchParsers.Integer("--max-concurrency", "N"), SchedulerOptions.SectionName, nameof(SchedulerOptions.MaxConcurrency), "one per core, at least Inference:MaxBatchSize",
                "Requests generated at once (each row of a batch counts)."),
            Scalar(SwitchParsers.Integer("--queue", "N"), SchedulerOptions.SectionName, nameof(SchedulerOptions.QueueLength), Invariant(scheduler.QueueLength),
                "Requests that may wait for a slot, first come first served; one more gets 429."),
            Scalar(SwitchParsers.Integer("--default-max-output-tokens", "N"), InferenceOptions.SectionName, nameof(InferenceOptions.DefaultMaxOutputTokens),
                Invariant(inference.DefaultMaxOutputTokens),
                "The output budget of a request that sets no max_output_tokens."),
            Scalar(SwitchParsers.Number("--shutdown-grace", "SECONDS"), ServerOptions.SectionName, nameof(ServerOptions.ShutdownGraceSeconds),
                Invariant(server.ShutdownGraceSeconds),
                "Seconds running generations get to finish after SIGTERM before they are stopped."),
            Scalar(LogFormat(), "Logging", "Format", "text", "The log format: text (one readable line per event) or json (one JSON object per line)."),
        ];
    }

    public IReadOnlyList<ServerSwitch> All { get; }

    /// <summary>Not a setting: prints the catalog of model names and what the model cache holds, then exits.</summary>
    public Option<bool> ListModels { get; } = new("--list-models")
    {
        Description = "Print the models --model knows by name and what the model cache holds (with sizes), then exit.",
    };

    /// <summary>The configuration the command line sets, or the one-line reason it cannot be used.</summary>
    public CommandLineSettings Settings(ParseResult result)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var replaced = new List<string>();
        foreach (var (key, read) in scalars)
        {
            if (read(result) is { } value)
                settings[key] = value;
        }

        var folders = result.GetValue(model) ?? [];
        var ids = result.GetValue(modelId) ?? [];
        if (folders.Length > 0)
        {
            if (ids.Length > folders.Length)
                return CommandLineSettings.Invalid(
                    $"--model-id was given {ids.Length} times but --model {folders.Length}; each --model-id names the --model in the same place.");
            // The command line's list replaces the configured models, the one-model form included.
            replaced.Add(ModelsKey);
            settings[$"{InferenceOptions.SectionName}:{nameof(InferenceOptions.ModelPath)}"] = null;
            settings[$"{InferenceOptions.SectionName}:{nameof(InferenceOptions.ModelId)}"] = null;
            for (var i = 0; i < folders.Length; i++)
            {
                settings[$"{ModelsKey}:{Invariant(i)}:{nameof(ModelSourceOptions.Path)}"] = folders[i];
                if (i < ids.Length)
                    settings[$"{ModelsKey}:{Invariant(i)}:{nameof(ModelSourceOptions.Id)}"] = ids[i];
            }
        }
        else if (ids.Length > 1)
        {
            return CommandLineSettings.Invalid("--model-id was given more than once without --model; the embedded model has one id.");
        }
        else if (ids.Length == 1)
        {
            settings[$"{InferenceOptions.SectionName}:{nameof(InferenceOptions.ModelId)}"] = ids[0];
        }

        var keys = result.GetValue(apiKey) ?? [];
        if (keys.Length > 0)
        {
            replaced.Add(ApiKeysKey);
            for (var i = 0; i < keys.Length; i++)
                settings[$"{ApiKeysKey}:{Invariant(i)}"] = keys[i];
        }

        return new CommandLineSettings(settings, replaced, null);
    }

    private ServerSwitch Scalar<T>(Option<T> option, string section, string name, string defaultText, string summary)
    {
        var entry = new ServerSwitch(option, $"{section}:{name}", defaultText, summary);
        // Only a switch the user typed becomes an entry; the rest is left to appsettings.json and the environment.
        scalars.Add((entry.Key, result => result.GetResult(option) is { Implicit: false } ? Format(result.GetValue(option)) : null));
        return entry;
    }

    private static string? Format(object? value) =>
        value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString();

    private static Option<string> LogFormat()
    {
        var option = SwitchParsers.Text("--log-format", "text|json");
        // Not AcceptOnlyFromAmong: its message lists the values tab-separated across what should stay one line.
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is not ("text" or "json") and var value)
                result.AddError($"--log-format expects text or json; got '{value}'.");
        });
        return option;
    }

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
