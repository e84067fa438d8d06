using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Responses.Server.Observability;

namespace Responses.Tests.Unit.Server.Observability;

/// <summary>Logging:Format picks the console formatter at startup (the CLI's log-format switch maps onto that key).</summary>
public sealed class LogFormatTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("text", null)]
    [InlineData("json", ConsoleFormatterNames.Json)]
    [InlineData("JSON", ConsoleFormatterNames.Json)]
    public void The_format_chooses_the_console_formatter(string? format, string? formatter)
    {
        using var services = Build(format);

        Assert.Equal(formatter, services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public void Json_lines_carry_a_UTC_timestamp()
    {
        using var services = Build("json");

        var json = services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.True(json.UseUtcTimestamp);
        Assert.False(json.JsonWriterOptions.Indented);
        Assert.NotNull(json.TimestampFormat);
    }

    [Fact]
    public void An_unknown_format_is_refused_naming_the_setting()
    {
        using var services = Build("xml");

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LogFormatOptions>>().Value);
        Assert.Contains("Logging:Format must be text or json", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(string? format)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(format is null ? [] : [new("Logging:Format", format)])
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddConsole());
        services.AddLogFormat(configuration);
        return services.BuildServiceProvider();
    }
}
