using System.Text;
using Responses.Server.Runs.Background;

namespace Responses.Tests.Unit.Server.Background;

/// <summary>The event log of a background response: every reader gets each event after its position once, live ones included.</summary>
public sealed class ResponseEventLogTests
{
    private static BufferedEvent Event(int n) => new("e", Encoding.UTF8.GetBytes($"{{\"sequence_number\":{n}}}"));

    private static async Task<List<string>> ReadAllAsync(ResponseEventLog log, int startingAfter)
    {
        var read = new List<string>();
        await foreach (var e in log.ReadAsync(startingAfter, CancellationToken.None))
        {
            read.Add(Encoding.UTF8.GetString(e.Json.Span));
        }

        return read;
    }

    [Fact]
    public async Task Readers_get_the_events_after_their_position_then_the_live_ones_until_complete()
    {
        var log = new ResponseEventLog();
        log.Append(Event(0));
        log.Append(Event(1));

        var fromStart = ReadAllAsync(log, -1);
        var fromOne = ReadAllAsync(log, 1);
        log.Append(Event(2));
        log.Complete();

        Assert.Equal(["{\"sequence_number\":0}", "{\"sequence_number\":1}", "{\"sequence_number\":2}"], await fromStart);
        Assert.Equal(["{\"sequence_number\":2}"], await fromOne);
        Assert.Equal(3, log.Count);
        Assert.Equal(3 * "{\"sequence_number\":0}".Length, log.Bytes);
    }

    [Fact]
    public async Task A_reader_that_leaves_while_waiting_stops_without_ending_the_log()
    {
        var log = new ResponseEventLog();
        using var leave = new CancellationTokenSource();
        var reader = log.ReadAsync(-1, leave.Token).GetAsyncEnumerator();

        var waiting = reader.MoveNextAsync().AsTask();
        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(log.IsComplete);
        log.Append(Event(0));
        log.Complete();
        Assert.Single(await ReadAllAsync(log, -1));
    }
}
