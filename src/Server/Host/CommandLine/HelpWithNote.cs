using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Responses.Server.Host.CommandLine;

/// <summary>The library's help, then a closing note (the help layout itself is not public in System.CommandLine 3).</summary>
internal sealed class HelpWithNote(HelpAction help, string note) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = help.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(note);
        return exitCode;
    }
}
