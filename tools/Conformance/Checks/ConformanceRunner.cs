using System.Diagnostics;
using Responses.Conformance.Reporting;

namespace Responses.Conformance.Checks;

/// <summary>
/// Runs checks one after another (the server sees one request at a time), each under its own time limit; a check
/// that throws anything else than a verdict fails with what it threw.
/// </summary>
public sealed class ConformanceRunner(CheckContext context, TimeSpan timeout)
{
    public async Task<ConformanceReport> RunAsync(IEnumerable<ConformanceCheck> checks, Action<CheckResult>? onResult, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var results = new List<CheckResult>();
        foreach (var check in checks)
        {
            var result = await RunOneAsync(check, cancellationToken);
            results.Add(result);
            onResult?.Invoke(result);
        }

        return new ConformanceReport(results, clock.Elapsed);
    }

    private async Task<CheckResult> RunOneAsync(ConformanceCheck check, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await check.RunAsync(context, limit.Token);
            return new CheckResult(check.Name, CheckOutcome.Pass, null, clock.Elapsed);
        }
        catch (CheckFailedException e)
        {
            return new CheckResult(check.Name, CheckOutcome.Fail, e.Message, clock.Elapsed);
        }
        catch (CheckSkippedException e)
        {
            return new CheckResult(check.Name, CheckOutcome.Skip, e.Message, clock.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CheckResult(check.Name, CheckOutcome.Fail, $"no answer within {timeout.TotalSeconds:0.#} s", clock.Elapsed);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new CheckResult(check.Name, CheckOutcome.Fail, $"{e.GetType().Name}: {e.Message}", clock.Elapsed);
        }
    }
}
