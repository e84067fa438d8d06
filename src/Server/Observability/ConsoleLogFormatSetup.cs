using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Responses.Server.Observability;

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
