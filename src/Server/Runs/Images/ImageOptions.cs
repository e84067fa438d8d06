using System.ComponentModel.DataAnnotations;

namespace Responses.Server.Runs.Images;

/// <summary>
/// What images one request may carry and where they may come from ("Images" section, Images__* variables). Each
/// limit beyond is a 400 <c>limit_exceeded</c> naming the part. The defaults take a screenshot-heavy agent session.
/// </summary>
public sealed class ImageOptions
{
    public const string SectionName = "Images";

    /// <summary>Bytes of one encoded image (after base64 decoding).</summary>
    [Range(64, int.MaxValue)]
    public int MaxBytesPerImage { get; set; } = 20 * 1024 * 1024;

    /// <summary>Images in one prompt, counting those of the history it continues (an agent resends them every turn).</summary>
    [Range(1, 10_000)]
    public int MaxImagesPerRequest { get; set; } = 100;

    /// <summary>Width times height of one image, read from its header: a small file can declare a huge canvas.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>
    /// A folder the server may read images from when an image_url is a local path (<c>/abs/path.png</c> or
    /// <c>file:///abs/path.png</c>) inside it; unset (the default), a path is a 400. Only files under it are read.
    /// </summary>
    public string? LocalFolder { get; set; }
}
