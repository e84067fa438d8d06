using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Responses.Server.Observability;

/// <summary>How the console log is written: <c>Logging:Format</c> (the CLI's log-format switch maps onto it).</summary>
public sealed class LogFormatOptions
{
    public const string SectionName = "Logging";

    public const string Text = "text";

    public const string Json = "json";

    /// <summary>text (default: one readable line per entry) or json (one JSON object per line, for log shippers).</summary>
    [RegularExpression("^(?i)(text|json)$", ErrorMessage = "Logging:Format must be text or json.")]
    public string Format { get; set; } = Text;

    public bool IsJson => string.Equals(Format, Json, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Picks the console formatter from <see cref="LogFormatOptions"/>. Registered after the host's own console
/// setup, so <c>Logging:Format</c> wins over a <c>Logging:Console:FormatterName</c> left in a settings file.
/// </summary>
internal sealed class ConsoleLogFormatSetup(IOptions<LogFormatOptions> format) : IConfigureOptions<ConsoleLoggerOptions>
{
    public void Configure(ConsoleLoggerOptions options)
    {
        if (format.Value.IsJson)
        {
            options.FormatterName = ConsoleFormatterNames.Json;
        }
    }
}
