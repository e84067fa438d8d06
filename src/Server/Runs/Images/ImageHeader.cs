using System.Buffers.Binary;

namespace Responses.Server.Runs.Images;

/// <summary>
/// An encoded image's format and size, read from its header alone: the server checks every image (a text model never
/// decodes one, and a vision model's processor should not be the first to see a malformed file), and the header is
/// all a check needs, so no decoder runs on untrusted bytes here.
/// </summary>
/// <param name="MediaType">image/png, image/jpeg, image/gif or image/webp.</param>
public readonly record struct ImageHeader(string MediaType, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    /// <summary>The header of a PNG, JPEG, GIF or WebP file; null for anything else or a header cut short.</summary>
    public static ImageHeader? Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]) && bytes.Slice(12, 4).SequenceEqual("IHDR"u8))
        {
            return Sized("image/png", BinaryPrimitives.ReadInt32BigEndian(bytes[16..]), BinaryPrimitives.ReadInt32BigEndian(bytes[20..]));
        }

        if (bytes.Length >= 10 && (bytes[..6].SequenceEqual("GIF87a"u8) || bytes[..6].SequenceEqual("GIF89a"u8)))
        {
            return Sized("image/gif", BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]), BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]));
        }

        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8)
        {
            return Jpeg(bytes);
        }

        if (bytes.Length >= 30 && bytes[..4].SequenceEqual("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return WebP(bytes);
        }

        return null;
    }

    /// <summary>The first start-of-frame segment's size; segments are walked by their lengths.</summary>
    private static ImageHeader? Jpeg(ReadOnlySpan<byte> bytes)
    {
        var at = 2;
        while (at + 4 <= bytes.Length)
        {
            if (bytes[at] != 0xFF)
            {
                return null;
            }

            var marker = bytes[at + 1];
            if (marker == 0xFF)
            {
                at++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 2)..]);
            // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return at + 9 <= bytes.Length
                    ? Sized("image/jpeg", BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + 5)..]))
                    : null;
            }

            if (length < 2)
            {
                return null;
            }

            at += 2 + length;
        }

        return null;
    }

    private static ImageHeader? WebP(ReadOnlySpan<byte> bytes)
    {
        var chunk = bytes.Slice(12, 4);
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return Sized("image/webp", 1 + UInt24(bytes[24..]), 1 + UInt24(bytes[27..]));
        }

        if (chunk.SequenceEqual("VP8L"u8) && bytes[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(bytes[21..]);
            return Sized("image/webp", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8 "u8) && bytes[23] == 0x9D && bytes[24] == 0x01 && bytes[25] == 0x2A)
        {
            return Sized("image/webp", BinaryPrimitives.ReadUInt16LittleEndian(bytes[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(bytes[28..]) & 0x3FFF);
        }

        return null;
    }

    private static int UInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);

    private static ImageHeader? Sized(string mediaType, int width, int height) =>
        width > 0 && height > 0 ? new ImageHeader(mediaType, width, height) : null;
}
