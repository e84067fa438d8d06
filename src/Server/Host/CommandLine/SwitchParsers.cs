using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Responses.Server.Host.CommandLine;

/// <summary>
/// Typed options whose parse errors name the option and the expected value in plain words (the library's own
/// message names a CLR type). Ranges are left to the options validators, the one place each rule lives.
/// </summary>
internal static class SwitchParsers
{
    public static Option<int?> Integer(string name, string valueName) => new(name)
    {
        HelpName = valueName,
        CustomParser = result => Parse(result, name, "a whole number", (string text, out int? value) =>
        {
            var ok = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number);
            value = number;
            return ok;
        }),
    };

    public static Option<double?> Number(string name, string valueName) => new(name)
    {
        HelpName = valueName,
        CustomParser = result => Parse(result, name, "a number", (string text, out double? value) =>
        {
            var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);
            value = number;
            return ok;
        }),
    };

    public static Option<string> Text(string name, string valueName) => new(name) { HelpName = valueName };

    /// <summary>An option that may be given several times; each occurrence adds one value, in order.</summary>
    public static Option<string[]> Repeated(string name, string valueName) => new(name)
    {
        HelpName = valueName,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private delegate bool TryParse<T>(string text, out T value);

    private static T? Parse<T>(ArgumentResult result, string name, string expected, TryParse<T> tryParse)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (tryParse(text, out var value))
            return value;
        result.AddError($"{name} expects {expected}; got '{text}'.");
        return default;
    }
}
