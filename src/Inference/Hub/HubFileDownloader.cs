using System.Net;

namespace Responses.Inference.Hub;

/// <summary>
/// Downloads one file into a staging folder as NAME.part, resuming what an earlier run left (HTTP Range) and
/// retrying a dropped connection from where it stopped, hashing the bytes as they arrive. Only a file whose size
/// and hash match the Hub's listing is renamed to NAME; one that does not is deleted, so the next start fetches
/// it anew.
/// </summary>
internal sealed class HubFileDownloader(HubClient client, HubOptions options, IDownloadProgress progress)
{
    private const int BufferSize = 1 << 20;

    public async Task DownloadAsync(HubModelReference model, string commit, HubEntry file, string staging, CancellationToken cancellationToken)
    {
        var target = Path.Combine(staging, file.Name);
        var part = target + ".part";
        using var digest = FileDigest.For(file);
        var check = digest is null ? "size matches (the Hub lists no hash)" : $"{digest.Name} verified";
        FileStream output;
        try
        {
            output = new FileStream(part, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, BufferSize, useAsync: true);
        }
        catch (IOException ex) when (!DiskFull.Is(ex))
        {
            throw new ModelLoadException($"{model}: cannot write '{part}': {ex.Message}", ex);
        }

        IFileDownloadProgress? line = null;
        await using (output)
        {
            var have = await ReadBackAsync(output, file.ContentSize, digest, cancellationToken);
            line = progress.Begin(file.Name, file.ContentSize, have);
            try
            {
                for (var attempt = 1; have < file.ContentSize; attempt++)
                {
                    try
                    {
                        have = await ReceiveAsync(model, commit, file, output, digest, have, line, cancellationToken);
                        if (have < file.ContentSize)
                            throw new TransferInterruptedException($"the connection closed at {have} of {file.ContentSize} bytes");
                    }
                    catch (TransferInterruptedException ex)
                    {
                        if (attempt >= options.MaxAttempts)
                            throw new ModelLoadException(
                                $"{model}: downloading '{file.Path}' failed after {attempt} tries: {ex.Message}. Start again to resume it ({have} bytes kept).");
                        have = output.Length;
                        line.Retrying(ex.Message, have, attempt + 1, options.MaxAttempts);
                        await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, 1 << (attempt - 1))), cancellationToken);
                    }
                }

                await output.FlushAsync(cancellationToken);
                Verify(model, file, digest, have, part);
            }
            catch
            {
                line.Failed();
                throw;
            }
        }

        File.Move(part, target, overwrite: true);
        line.Completed(check);
    }

    /// <summary>Feeds the bytes an earlier run left to the hash, so the download goes on from there.</summary>
    private static async Task<long> ReadBackAsync(FileStream output, long size, FileDigest? digest, CancellationToken cancellationToken)
    {
        if (output.Length > size)
            output.SetLength(0); // more than the file holds: not this file's bytes
        var buffer = new byte[BufferSize];
        output.Position = 0;
        int read;
        while ((read = await output.ReadAsync(buffer, cancellationToken)) > 0)
            digest?.Append(buffer.AsSpan(0, read));
        return output.Length;
    }

    private async Task<long> ReceiveAsync(HubModelReference model, string commit, HubEntry file, FileStream output, FileDigest? digest, long have,
        IFileDownloadProgress line, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.DownloadAsync(model, commit, file.Path, have, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new TransferInterruptedException(ex.InnerException?.Message ?? ex.Message);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have == file.ContentSize)
                return have;
            if ((int)response.StatusCode >= 500)
                throw new TransferInterruptedException($"the Hub answered {(int)response.StatusCode} {response.ReasonPhrase}");
            if (!response.IsSuccessStatusCode)
                throw await client.Failures.DescribeAsync(response, model, $"'{file.Path}'", cancellationToken);
            if (have > 0 && (response.StatusCode != HttpStatusCode.PartialContent || response.Content.Headers.ContentRange?.From != have))
            {
                // The server sent the whole file instead of the rest: start over rather than append it twice.
                output.SetLength(0);
                digest?.Reset();
                have = 0;
            }

            output.Position = have;
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[BufferSize];
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            while (true)
            {
                int read;
                stall.CancelAfter(TimeSpan.FromSeconds(options.StallTimeoutSeconds));
                try
                {
                    read = await body.ReadAsync(buffer, stall.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TransferInterruptedException($"nothing arrived for {options.StallTimeoutSeconds:F0} s");
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException)
                {
                    throw new TransferInterruptedException($"the connection dropped ({ex.Message.TrimEnd('.')})");
                }

                if (read == 0)
                    return have;
                if (have + read > file.ContentSize)
                    throw new ModelLoadException($"{model}: the Hub sent more than the {file.ContentSize} bytes it lists for '{file.Path}'; nothing of it was kept.");
                try
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                catch (IOException ex)
                {
                    throw DiskFull.Is(ex)
                        ? new ModelLoadException($"{model}: no space left on the device of '{output.Name}' while writing '{file.Name}'; free some space and start again to resume ({have} bytes kept).", ex)
                        : new ModelLoadException($"{model}: cannot write '{output.Name}': {ex.Message}", ex);
                }

                digest?.Append(buffer.AsSpan(0, read));
                have += read;
                line.Received(read);
            }
        }
    }

    private static void Verify(HubModelReference model, HubEntry file, FileDigest? digest, long have, string part)
    {
        var problem = have != file.ContentSize ? $"it has {have} bytes, the Hub lists {file.ContentSize}"
            : digest is not null && digest.Actual() is var actual && actual != digest.Expected
                ? $"its {digest.Name} is {actual}, the Hub lists {digest.Expected}"
                : null;
        if (problem is null)
            return;
        File.Delete(part);
        throw new ModelLoadException($"{model}: the downloaded '{file.Path}' does not match the Hub: {problem}. It was deleted; start again to download it anew.");
    }

    /// <summary>A download that may go on from where it stopped (a dropped connection, a stall, a 5xx).</summary>
    private sealed class TransferInterruptedException(string message) : Exception(message);
}
