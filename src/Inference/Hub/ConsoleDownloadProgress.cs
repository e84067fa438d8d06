using System.Globalization;
using System.Text;
using Responses.Inference.Catalog;

namespace Responses.Inference.Hub;

/// <summary>
/// Download progress on stderr. On a terminal, one line per file (bytes, rate, ETA) redrawn in place while it
/// downloads, then left as a line saying how it ended; elsewhere (a log file, a pipe, CI) plain lines: when a file
/// starts, every <see cref="PlainInterval"/> while it runs, and when it ends.
/// </summary>
public sealed class ConsoleDownloadProgress : IDownloadProgress
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);

    private readonly TextWriter output;
    private readonly bool interactive;
    private readonly TimeProvider time;
    private readonly Func<int> width;
    private readonly Lock gate = new();
    private readonly List<Transfer> active = [];
    private readonly List<string> ended = [];
    private int drawnLines;
    private long lastDraw;

    /// <param name="output">Where the lines go (stderr).</param>
    /// <param name="interactive">A terminal: lines are redrawn in place with ANSI cursor movement.</param>
    /// <param name="time">The clock rates and ETAs are measured with.</param>
    /// <param name="width">The terminal's width: a live line longer than that would wrap and break the redraw.</param>
    public ConsoleDownloadProgress(TextWriter output, bool interactive, TimeProvider time, Func<int>? width = null)
    {
        this.output = output;
        this.interactive = interactive;
        this.time = time;
        this.width = width ?? (() => 120);
        lastDraw = time.GetTimestamp();
    }

    /// <summary>For the server: stderr, in place when stderr is a terminal.</summary>
    public static ConsoleDownloadProgress ForStandardError() => new(
        Console.Error,
        !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb",
        TimeProvider.System,
        TerminalWidth);

    public IFileDownloadProgress Begin(string name, long totalBytes, long resumedAt)
    {
        var transfer = new Transfer(this, name, totalBytes, resumedAt, time.GetTimestamp());
        lock (gate)
        {
            active.Add(transfer);
            if (interactive)
                Draw(force: true);
            else
                output.WriteLine(resumedAt > 0
                    ? $"Resuming {name} at {Size(resumedAt)} of {Size(totalBytes)}"
                    : $"Downloading {name} ({Size(totalBytes)})");
        }

        return transfer;
    }

    private void Update(Transfer transfer)
    {
        lock (gate)
        {
            if (interactive)
            {
                Draw(force: false);
            }
            else if (time.GetElapsedTime(transfer.LastReport) >= PlainInterval && Interlocked.Read(ref transfer.Have) < transfer.Total)
            {
                transfer.LastReport = time.GetTimestamp();
                output.WriteLine($"{transfer.Name}: {Status(transfer)}");
            }
        }
    }

    private void End(Transfer transfer, string line)
    {
        lock (gate)
        {
            active.Remove(transfer);
            if (interactive)
            {
                ended.Add(line);
                Draw(force: true);
            }
            else
            {
                output.WriteLine(line);
            }
        }
    }

    private void Say(string line)
    {
        lock (gate)
        {
            if (interactive)
            {
                ended.Add(line);
                Draw(force: true);
            }
            else
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// Moves up over the live lines drawn last time, writes the lines of files that ended since (they stay), then
    /// the live ones again and clears what is left below.
    /// </summary>
    private void Draw(bool force)
    {
        if (!force && time.GetElapsedTime(lastDraw) < RedrawInterval)
            return;
        lastDraw = time.GetTimestamp();
        var columns = Math.Max(20, width() - 1);
        var frame = new StringBuilder();
        if (drawnLines > 0)
            frame.Append(CultureInfo.InvariantCulture, $"\u001b[{drawnLines}F");
        foreach (var line in ended)
            frame.Append("\u001b[2K").Append(line).Append('\n');
        ended.Clear();
        foreach (var transfer in active)
            frame.Append("\u001b[2K").Append(Fit($"{transfer.Name}  {Status(transfer)}", columns)).Append('\n');
        frame.Append("\u001b[J");
        drawnLines = active.Count;
        output.Write(frame.ToString());
        output.Flush();
    }

    private string Status(Transfer transfer)
    {
        var have = Interlocked.Read(ref transfer.Have);
        var percent = transfer.Total > 0 ? 100.0 * have / transfer.Total : 100;
        var rate = Rate(transfer);
        var eta = rate > 0 ? Duration(TimeSpan.FromSeconds((transfer.Total - have) / rate)) : "--";
        return string.Create(CultureInfo.InvariantCulture, $"{Size(have)} / {Size(transfer.Total)}  {percent:F0}%  {Size((long)rate)}/s  ETA {eta}");
    }

    /// <summary>Bytes per second received this session (bytes resumed from disk are not counted as speed).</summary>
    private double Rate(Transfer transfer)
    {
        var seconds = time.GetElapsedTime(transfer.Started).TotalSeconds;
        var received = Interlocked.Read(ref transfer.Have) - transfer.SessionStart;
        return seconds > 0.05 ? received / seconds : 0;
    }

    private static string Fit(string line, int columns) => line.Length <= columns ? line : line[..(columns - 1)] + "…";

    private static string Size(long bytes) => ModelLoader.Size(bytes);

    internal static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:D2}m")
        : span.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:D2}s")
            : span.TotalSeconds < 10
                ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, span.TotalSeconds):F1}s")
                : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F0}s");

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }

    private sealed class Transfer : IFileDownloadProgress
    {
        private readonly ConsoleDownloadProgress owner;
        public long Have;

        public Transfer(ConsoleDownloadProgress owner, string name, long total, long resumedAt, long started)
        {
            this.owner = owner;
            Name = name;
            Total = total;
            ResumedAt = resumedAt;
            Have = resumedAt;
            SessionStart = resumedAt;
            Started = started;
            LastReport = started;
        }

        public string Name { get; }

        public long Total { get; }

        public long ResumedAt { get; }

        public long Started { get; private set; }

        public long SessionStart { get; private set; }

        public long LastReport { get; set; }

        public void Received(long bytes)
        {
            Interlocked.Add(ref Have, bytes);
            owner.Update(this);
        }

        public void Retrying(string reason, long resumeAt, int attempt, int maxAttempts)
        {
            Interlocked.Exchange(ref Have, resumeAt);
            SessionStart = resumeAt;
            Started = owner.time.GetTimestamp();
            owner.Say($"{Name}: {reason}; resuming at {Size(resumeAt)} (try {attempt} of {maxAttempts})");
        }

        public void Completed(string check)
        {
            var elapsed = owner.time.GetElapsedTime(Started);
            var rate = owner.Rate(this);
            var speed = rate > 0 ? $" ({Size((long)rate)}/s)" : "";
            var resumed = ResumedAt > 0 ? $", resumed at {Size(ResumedAt)}" : "";
            owner.End(this, $"{Name}  {Size(Total)} in {Duration(elapsed)}{speed}{resumed}, {check}");
        }

        public void Failed() => owner.End(this, $"{Name}  stopped at {Size(Interlocked.Read(ref Have))} of {Size(Total)}");
    }
}
