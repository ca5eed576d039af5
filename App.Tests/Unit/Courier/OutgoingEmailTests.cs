using System.Text.RegularExpressions;
using App.Courier.Smtp;
using App.Tests.Infrastructure;
using MimeKit;

namespace App.Tests.Unit.Courier;

/// <summary>
/// The email as it arrives: each one is sent through MailKit to a real SMTP server and what the
/// server received is read back with MimeKit.
/// </summary>
public sealed partial class OutgoingEmailTests
{
    private static readonly DateTimeOffset Now = new(2025, 7, 1, 9, 5, 3, TimeSpan.FromHours(2));

    /// <summary>RFC 5322 §2.1.1: a line MUST be at most 998 characters.</summary>
    private const int LineLimit = 998;

    internal static OutgoingEmail Email(string subject = "Your sign-in code", string text = "Your code is 123456.", string? html = null,
        string from = "no-reply@acme.test", string? fromName = "Acme Portal", string to = "user@example.com") =>
        new(from, fromName, to, subject, text, html, "4f1c2a@portal.acme.test");

    internal static async Task<ReceivedMail> ReceiveAsync(OutgoingEmail email, DateTimeOffset? date = null)
    {
        await using var server = await TestSmtpServer.StartAsync();
        await new SmtpSender(TimeSpan.FromSeconds(20)).SendAsync(SmtpEndpoint.Parse(server.Uri()), email, date ?? Now);
        return Assert.Single(server.Messages);
    }

    private static string Lf(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    [Fact]
    public async Task Arrives_with_its_headers_in_seven_bit_ascii()
    {
        var received = await ReceiveAsync(Email(subject: "Ihr Anmeldecode für München"));
        var message = received.Message();

        Assert.Equal(Now, message.Date);
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal(("Acme Portal", "no-reply@acme.test"), (from.Name, from.Address));
        Assert.Equal("user@example.com", Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("Ihr Anmeldecode für München", message.Subject);
        Assert.Equal("4f1c2a@portal.acme.test", message.MessageId);
        Assert.Equal("1.0", message.MimeVersion.ToString());
        var part = Assert.IsType<TextPart>(message.Body);
        Assert.Equal("text/plain", part.ContentType.MimeType);
        Assert.Equal("utf-8", part.ContentType.Charset);
        Assert.Equal(ContentEncoding.QuotedPrintable, part.ContentTransferEncoding);
        Assert.Equal("Your code is 123456.", part.Text);
        Assert.All(received.Data, b => Assert.True(b < 0x80, $"byte {b:x2} is not 7-bit"));
        Assert.Equal("no-reply@acme.test", received.From);
        Assert.Equal(["user@example.com"], received.To);
    }

    [Theory]
    [InlineData(-3.5)]
    [InlineData(-10)]
    [InlineData(0)]
    [InlineData(5.75)]
    public async Task The_date_is_the_moment_of_sending_written_in_utc(double hours)
    {
        var date = Now.ToOffset(TimeSpan.FromHours(hours));

        var received = await ReceiveAsync(Email(), date);

        Assert.Contains("Date: Tue, 01 Jul 2025 07:05:03 +0000", received.RawHeaderLines());
        Assert.Equal(Now, received.Message().Date);
    }

    [Theory]
    [InlineData("Your sign-in code")]
    [InlineData("Grüße aus München")]
    [InlineData("Votre code de connexion à Identity : 123456")]
    [InlineData("123456 é o seu código de acesso à Identity")]
    [InlineData("日本語のメール件名です")]
    [InlineData("🔐 Your code: 123456")]
    [InlineData("Ein sehr langer Betreff mit Umlauten äöü, der sicher über mehrere Zeilen gefaltet werden muss, weil er so lang ist 🎉🎉🎉")]
    [InlineData("A plain ASCII subject that is long enough that it has to be folded over more than one line to stay within the limit")]
    [InlineData("two  spaces\tand a tab")]
    [InlineData("https://portal.acme.test/self-service/login/code?flow=0f8c1e2d-3b4a-5c6d-7e8f-9a0b1c2d3e4f&code=123456")]
    [InlineData("")]
    public async Task The_subject_arrives_unchanged(string subject)
    {
        var received = await ReceiveAsync(Email(subject: subject));

        Assert.Equal(subject, received.Message().Subject);
        Assert.All(received.RawHeaderLines(), line => Assert.InRange(line.Length, 0, LineLimit));
        var raw = string.Join("\n", received.RawHeaderLines().SkipWhile(l => !l.StartsWith("Subject:")).TakeWhile(l => l.StartsWith("Subject:") || l.StartsWith(' ')));
        if (subject.Any(c => c > '\x7f')) Assert.Contains("=?utf-8?", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_ascii_subject_is_folded_at_whitespace_not_encoded()
    {
        var subject = string.Join(' ', Enumerable.Repeat("word", 40));

        var received = await ReceiveAsync(Email(subject: subject));

        var lines = received.RawHeaderLines().SkipWhile(l => !l.StartsWith("Subject:")).TakeWhile(l => l.StartsWith("Subject:") || l.StartsWith(' ')).ToList();
        Assert.True(lines.Count >= 2, "expected continuation lines");
        Assert.DoesNotContain(lines, l => l.Contains("=?"));
        Assert.Equal(subject, received.Message().Subject);
    }

    [Theory]
    [InlineData("日本🎌ü", 30)]
    [InlineData("x", 300)]
    public async Task A_subject_too_long_for_one_line_is_split_and_read_back_whole(string piece, int times)
    {
        var subject = string.Concat(Enumerable.Repeat(piece, times));

        var received = await ReceiveAsync(Email(subject: subject));

        Assert.Equal(subject, received.Message().Subject);
        Assert.True(received.RawHeaderLines().Count(l => l.StartsWith(' ')) > 2, "expected continuation lines");
        Assert.All(received.RawHeaderLines(), line => Assert.InRange(line.Length, 0, LineLimit));
    }

    [Theory]
    [InlineData("Acme Portal", "From: Acme Portal <no-reply@acme.test>")]
    [InlineData("Acme", "From: Acme <no-reply@acme.test>")]
    [InlineData(null, "From: no-reply@acme.test")]
    [InlineData("  ", "From: no-reply@acme.test")]
    public async Task A_plain_display_name_is_written_as_it_is(string? name, string line)
    {
        Assert.Contains(line, (await ReceiveAsync(Email(fromName: name))).RawHeaderLines());
    }

    [Theory]
    [InlineData("Acme, Inc.")]
    [InlineData("Jürgen's Portal")]
    [InlineData("Portail de l'Académie")]
    [InlineData("He said \"hi\" \\o/")]
    [InlineData("<evil@attacker.test>")]
    [InlineData("a@b")]
    [InlineData("Two  spaces")]
    [InlineData("ポータル")]
    [InlineData("A display name that is rather long and has specials; so it is encoded over more than one line")]
    public async Task A_display_name_with_specials_or_non_ascii_arrives_as_one_sender(string name)
    {
        var received = await ReceiveAsync(Email(fromName: name));

        var from = Assert.Single(received.Message().From.Mailboxes);
        Assert.Equal(name, from.Name);
        Assert.Equal("no-reply@acme.test", from.Address);
        Assert.All(received.RawHeaderLines(), line => Assert.InRange(line.Length, 0, LineLimit));
    }

    public static TheoryData<string> Bodies => new()
    {
        "Your code is 123456.",
        "Grüße, Jürgen — ß ä ö ü",
        "Votre code expire dans 15 minutes. À bientôt, l'équipe",
        "Seu código expira em 15 minutos. Não compartilhe: ação, coração, pão",
        "日本語のテキストです。\n二行目。",
        "Emoji 🔐🎉👍🏽 and a flag 🇯🇵",
        "first line\nsecond line\r\nthird line\rfourth line",
        ".starts with a dot\n.\n..two dots\nmid.dle",
        "From the team\nFrom \nFromage is not From at the start\n From with a space",
        "trailing space \ntrailing tab\t\n  \n\t\nend",
        "equals = sign and =3D literal and =\n=",
        "ends with a newline\n",
        "",
        "\n\n",
        new string('a', 75) + "\n" + new string('b', 76) + "\n" + new string('c', 77) + "\n" + new string('d', 1000),
        string.Concat(Enumerable.Repeat("ü", 200)),
        string.Concat(Enumerable.Repeat("x ", 100)),
        new string(' ', 200),
        string.Concat(Enumerable.Repeat("=", 100)),
        "tab\tinside and nul \0 and bell \a",
        string.Concat(Enumerable.Range(0, 80).Select(i => i % 2 == 0 ? "." : "From ")),
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Text_and_html_bodies_arrive_unchanged_in_quoted_printable(string text)
    {
        var html = "<p>" + text + "</p>";

        var received = await ReceiveAsync(Email(text: text, html: html));

        var message = received.Message();
        Assert.Equal(Lf(text), Lf(message.TextBody));
        Assert.Equal(Lf(html), Lf(message.HtmlBody));
        Assert.All(message.BodyParts.OfType<TextPart>(), p => Assert.Equal(ContentEncoding.QuotedPrintable, p.ContentTransferEncoding));
        Assert.All(BodyLines(received), line => Assert.Matches(QuotedPrintableLine(), line));
    }

    /// <summary>
    /// RFC 2045 §6.7: "=" only before two hex digits or as the last character (a soft break), so no
    /// escape is ever split. MimeKit lets a line reach 76 characters before its soft break, one more
    /// than §6.7 allows, so the length checked is RFC 5322's 78.
    /// </summary>
    [GeneratedRegex("^(?=.{0,78}$)([^=]|=[0-9A-F]{2})*=?$")]
    private static partial Regex QuotedPrintableLine();

    private static IEnumerable<string> BodyLines(ReceivedMail received) =>
        System.Text.Encoding.ASCII.GetString(received.Data).Split("\r\n").SkipWhile(l => l.Length > 0).Where(l => !l.StartsWith("--") && !l.StartsWith("Content-"));

    [Fact]
    public async Task Non_ascii_is_sent_as_its_utf8_bytes_with_soft_breaks_that_never_split_an_escape()
    {
        var received = await ReceiveAsync(Email(text: "ü=" + new string('a', 100) + "\n" + "a" + string.Concat(Enumerable.Repeat("ü", 40))));

        var lines = BodyLines(received).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("=C3=BC=3Daaaa", lines[0]);
        Assert.EndsWith("=", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("a=C3=BC=C3=BC"));
        Assert.True(lines.Count >= 4, string.Join("\n", lines));
    }

    [Fact]
    public async Task Html_makes_a_multipart_alternative_with_text_first()
    {
        const string text = "Your code is 123456.\nIt expires in 15 minutes.";
        const string html = "<!doctype html>\n<p style=\"font-family: sans-serif\">Ihr Code lautet <b>123456</b> — gültig 15 Minuten.</p>\n<a href=\"https://portal.acme.test/login?code=123456&flow=" +
            "0f8c1e2d-3b4a-5c6d-7e8f-9a0b1c2d3e4f\">Sign in</a>\n.\n";

        var message = (await ReceiveAsync(Email(text: text, html: html))).Message();

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.InRange(alternative.Boundary.Length, 20, 70);
        Assert.Equal(2, alternative.Count);
        var (plain, rich) = (Assert.IsType<TextPart>(alternative[0]), Assert.IsType<TextPart>(alternative[1]));
        Assert.Equal(("text/plain", "utf-8"), (plain.ContentType.MimeType, plain.ContentType.Charset));
        Assert.Equal(("text/html", "utf-8"), (rich.ContentType.MimeType, rich.ContentType.Charset));
        Assert.Equal(Lf(text), Lf(plain.Text));
        Assert.Equal(Lf(html), Lf(rich.Text));
    }

    [Fact]
    public void Chooses_a_new_boundary_for_every_message()
    {
        var first = (Multipart)Email(html: "<p>x</p>").ToMimeMessage(Now).Body;
        var second = (Multipart)Email(html: "<p>x</p>").ToMimeMessage(Now).Body;

        Assert.NotEqual(first.Boundary, second.Boundary);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public void Refuses_line_breaks_in_any_header_value(string lineBreak)
    {
        var injected = lineBreak + "Bcc: victim@example.com";
        OutgoingEmail[] emails =
        [
            Email(subject: "Hello" + injected),
            Email(fromName: "Acme" + injected),
            Email(from: "no-reply@acme.test" + injected),
            Email(to: "user@example.com" + injected),
            Email() with { MessageId = "x@y" + injected },
        ];

        Assert.All(emails, email =>
        {
            var error = Assert.Throws<ArgumentException>(() => email.ToMimeMessage(Now));
            Assert.Contains("line break", error.Message);
        });
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("two@at@example.com")]
    [InlineData("@example.com")]
    [InlineData("user@")]
    [InlineData("us er@example.com")]
    [InlineData("user@exam ple.com")]
    [InlineData("<user@example.com>")]
    [InlineData("Name <user@example.com>")]
    [InlineData("user@example.com ")]
    [InlineData("a,b@example.com")]
    [InlineData("a@example.com, b@example.com")]
    [InlineData("a\"b@example.com")]
    [InlineData("user@example..com")]
    [InlineData("user@.example.com")]
    public void Refuses_anything_but_one_plain_address(string address)
    {
        Assert.Throws<ArgumentException>(() => Email(to: address).ToMimeMessage(Now));
        Assert.Throws<ArgumentException>(() => Email(from: address).ToMimeMessage(Now));
    }

    [Theory]
    [InlineData("user@bücher.example", "To: user@xn--bcher-kva.example")]
    [InlineData("first.last+tag@Example.COM", "To: first.last+tag@Example.COM")]
    [InlineData("o'brien@example.com", "To: o'brien@example.com")]
    public async Task Writes_addresses_in_their_ascii_form(string address, string line)
    {
        var received = await ReceiveAsync(Email(to: address));

        Assert.Contains(line, received.RawHeaderLines());
        Assert.Equal(address, Assert.Single(received.Message().To.Mailboxes).Address);
    }
}
