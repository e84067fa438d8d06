using Microsoft.Extensions.Time.Testing;
using Responses.Inference.Hub;

namespace Responses.Tests.Unit.Inference.Hub;

public sealed class ConsoleDownloadProgressTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void On_a_terminal_each_file_is_one_line_redrawn_in_place_then_left_saying_how_it_ended()
    {
        var clock = new FakeTimeProvider();
        var output = new StringWriter();
        var progress = new ConsoleDownloadProgress(output, interactive: true, clock, () => 100);

        var weights = progress.Begin("model.onnx.data", 100 * MiB, 0);
        var graph = progress.Begin("model.onnx", 2 * MiB, 0);
        clock.Advance(TimeSpan.FromSeconds(2));
        weights.Received(40 * MiB);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        graph.Received(MiB); // within 200 ms of the last redraw: not drawn
        clock.Advance(TimeSpan.FromSeconds(1));
        graph.Received(MiB);
        graph.Completed("SHA-256 verified");

        // Each redraw moves up over the live lines, rewrites them and clears below (ESC[J ends every frame).
        var frames = output.ToString().Split("\u001b[J");
        Assert.Equal("\u001b[1F\u001b[2Kmodel.onnx.data  0 B / 100.0 MiB  0%  0 B/s  ETA --\n\u001b[2Kmodel.onnx  0 B / 2.0 MiB  0%  0 B/s  ETA --\n", frames[1]);
        Assert.Equal("\u001b[2F\u001b[2Kmodel.onnx.data  40.0 MiB / 100.0 MiB  40%  20.0 MiB/s  ETA 3.0s\n\u001b[2Kmodel.onnx  0 B / 2.0 MiB  0%  0 B/s  ETA --\n", frames[2]);
        Assert.Equal("\u001b[2F\u001b[2Kmodel.onnx.data  40.0 MiB / 100.0 MiB  40%  13.1 MiB/s  ETA 4.6s\n\u001b[2Kmodel.onnx  2.0 MiB / 2.0 MiB  100%  671.5 KiB/s  ETA 0.0s\n", frames[3]);
        // The finished file's line stays where it was; the live ones go on below it.
        Assert.Equal("\u001b[2F\u001b[2Kmodel.onnx  2.0 MiB in 3.0s (671.5 KiB/s), SHA-256 verified\n\u001b[2Kmodel.onnx.data  40.0 MiB / 100.0 MiB  40%  13.1 MiB/s  ETA 4.6s\n", frames[4]);
        Assert.Equal(6, frames.Length);
    }

    [Fact]
    public void A_live_line_wider_than_the_terminal_is_cut_so_the_redraw_stays_in_place()
    {
        var output = new StringWriter();
        var progress = new ConsoleDownloadProgress(output, interactive: true, new FakeTimeProvider(), () => 30);

        progress.Begin(new string('x', 60), MiB, 0);

        Assert.Contains("\u001b[2K" + new string('x', 28) + "…\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Elsewhere_plain_lines_say_when_a_file_starts_how_it_goes_every_ten_seconds_and_how_it_ended()
    {
        var clock = new FakeTimeProvider();
        var output = new StringWriter();
        var progress = new ConsoleDownloadProgress(output, interactive: false, clock);

        var weights = progress.Begin("model.onnx.data", 100 * MiB, 20 * MiB);
        clock.Advance(TimeSpan.FromSeconds(5));
        weights.Received(10 * MiB);
        clock.Advance(TimeSpan.FromSeconds(5));
        weights.Received(10 * MiB);
        weights.Retrying("the connection dropped (reset)", 40 * MiB, 2, 4);
        clock.Advance(TimeSpan.FromSeconds(30));
        weights.Received(60 * MiB);
        weights.Completed("SHA-256 verified");

        Assert.Equal(
            [
                "Resuming model.onnx.data at 20.0 MiB of 100.0 MiB",
                "model.onnx.data: 40.0 MiB / 100.0 MiB  40%  2.0 MiB/s  ETA 30s",
                "model.onnx.data: the connection dropped (reset); resuming at 40.0 MiB (try 2 of 4)",
                "model.onnx.data  100.0 MiB in 30s (2.0 MiB/s), resumed at 20.0 MiB, SHA-256 verified",
            ],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
