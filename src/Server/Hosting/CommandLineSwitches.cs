using Responses.Inference.Scheduling;
using Responses.Server.Store;

namespace Responses.Server.Hosting;

/// <summary>The short command-line flags users type, mapped onto configuration keys of the options classes.</summary>
public static class CommandLineSwitches
{
    public static IDictionary<string, string> Mappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--model"] = "Inference:ModelPath",
        ["--model-id"] = "Inference:ModelId",
        ["--host"] = $"{ServerOptions.SectionName}:Host",
        ["--port"] = $"{ServerOptions.SectionName}:Port",
        ["--shutdown-grace"] = $"{ServerOptions.SectionName}:ShutdownGraceSeconds",
        ["--max-concurrency"] = $"{SchedulerOptions.SectionName}:MaxConcurrency",
        ["--queue"] = $"{SchedulerOptions.SectionName}:QueueLength",
        ["--default-max-output-tokens"] = "Inference:DefaultMaxOutputTokens",
        // memory | sqlite[:PATH] | postgres:CONNSTRING, parsed by StoreSpec when the options are built.
        ["--store"] = $"{StoreOptions.SectionName}:Spec",
    };
}
