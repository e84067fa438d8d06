using Responses.Conformance;

// Ctrl+C stops the run between requests rather than killing it mid-line.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    return await ConformanceApp.RunAsync(args, Console.Out, Console.Error, handler: null, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped.");
    return 130;
}
