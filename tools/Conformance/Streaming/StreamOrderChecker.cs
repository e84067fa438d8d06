namespace Responses.Conformance.Streaming;

/// <summary>
/// The ordering rules of a Responses stream, each returning what it found wrong (empty: fine):
/// sequence numbers 0..n-1; created, in_progress, then items (each opened by output_item.added before any of its
/// events, its content parts opened before their deltas and closed before the item), then exactly one terminal
/// event, last.
/// </summary>
public static class StreamOrderChecker
{
    public static readonly IReadOnlySet<string> TerminalTypes =
        new HashSet<string>(StringComparer.Ordinal) { "response.completed", "response.incomplete", "response.failed" };

    private const int MaxProblems = 5;

    public static IReadOnlyList<string> CheckSequenceNumbers(IReadOnlyList<StreamEvent> events)
    {
        var problems = new List<string>();
        var seen = new HashSet<int>();
        for (var i = 0; i < events.Count && problems.Count < MaxProblems; i++)
        {
            var number = events[i].SequenceNumber;
            if (number is null)
            {
                problems.Add($"event {i} ({events[i].Type}) has no integer sequence_number");
            }
            else if (number != i)
            {
                var what = seen.Contains(number.Value) ? "repeated" : number > i ? "a gap" : "out of order";
                problems.Add($"event {i} ({events[i].Type}) has sequence_number {number}, expected {i} ({what})");
            }

            if (number is not null)
            {
                seen.Add(number.Value);
            }
        }

        return problems;
    }

    public static IReadOnlyList<string> CheckOrder(IReadOnlyList<StreamEvent> events)
    {
        if (events.Count == 0)
        {
            return ["the stream has no events"];
        }

        var problems = new List<string>();
        var terminals = Enumerable.Range(0, events.Count).Where(i => TerminalTypes.Contains(events[i].Type ?? "")).ToList();
        if (terminals.Count != 1)
        {
            problems.Add($"{terminals.Count} terminal events (response.completed/incomplete/failed), expected exactly one");
        }

        if (terminals.Count > 0 && terminals[^1] != events.Count - 1)
        {
            problems.Add($"the last event is {events[^1].Type}, not the terminal event");
        }

        if (events[0].Type != "response.created")
        {
            problems.Add($"the first event is {events[0].Type}, not response.created");
        }

        var items = new StreamItems();
        var lifecycle = 0; // 0 before created, 1 after created (queued allowed), 2 after in_progress
        foreach (var e in events)
        {
            if (problems.Count >= MaxProblems)
            {
                break;
            }

            switch (e.Type)
            {
                case "response.created":
                    if (lifecycle != 0)
                    {
                        problems.Add($"{e}: response.created again");
                    }

                    lifecycle = Math.Max(lifecycle, 1);
                    break;
                case "response.queued":
                    if (lifecycle != 1)
                    {
                        problems.Add($"{e}: response.queued outside created -> in_progress");
                    }

                    break;
                case "response.in_progress":
                    if (lifecycle != 1)
                    {
                        problems.Add(lifecycle == 0 ? $"{e}: before response.created" : $"{e}: response.in_progress again");
                    }

                    lifecycle = 2;
                    break;
                case { } type when TerminalTypes.Contains(type):
                    if (lifecycle != 2)
                    {
                        problems.Add($"{e}: terminal event before response.in_progress");
                    }

                    if (type != "response.failed")
                    {
                        problems.AddRange(items.Unfinished().Select(open => $"{e}: {open} still open at the terminal event"));
                    }

                    break;
                default:
                    if (lifecycle != 2)
                    {
                        problems.Add($"{e}: before response.in_progress");
                    }

                    problems.AddRange(items.Apply(e));
                    break;
            }
        }

        return problems.Take(MaxProblems).ToList();
    }
}
