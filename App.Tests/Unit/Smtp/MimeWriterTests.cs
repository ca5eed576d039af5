using System.Text;
using App.Courier.Smtp;

namespace App.Tests.Unit.Smtp;

public sealed class MimeWriterTests
{
    private static readonly DateTimeOffset Now = new(2025, 7, 1, 9, 5, 3, TimeSpan.FromHours(2));

    internal static OutgoingEmail Email(string subject = "Your sign-in code", string text = "Your code is 123456.", string? html = null,
        string from = "no-reply@acme.test", string? fromName = "Acme Portal", string to = "user@example.com") =>
        new(from, fromName, to, subject, text, html, "4f1c2a@portal.acme.test");

    private static MimeReader.Message Write(OutgoingEmail email) => MimeReader.Parse(MimeWriter.Write(email, Now));

    [Fact]
    public void Writes_the_headers_in_order_with_crlf_line_endings()
    {
        var bytes = MimeWriter.Write(Email(), Now);
        var message = MimeReader.Parse(bytes);

        Assert.Equal(
        [
            "Date: Tue, 01 Jul 2025 09:05:03 +0200",
            "From: Acme Portal <no-reply@acme.test>",
            "To: user@example.com",
            "Subject: Your sign-in code",
            "Message-ID: <4f1c2a@portal.acme.test>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ], message.HeaderLines);
        Assert.Equal("Your code is 123456.\r\n", message.Body);
        Assert.EndsWith("\r\n", Encoding.ASCII.GetString(bytes));
    }

    [Theory]
    [InlineData(-3.5, "Tue, 01 Jul 2025 03:35:03 -0330")]
    [InlineData(-10, "Mon, 30 Jun 2025 21:05:03 -1000")]
    [InlineData(0, "Tue, 01 Jul 2025 07:05:03 +0000")]
    [InlineData(5.75, "Tue, 01 Jul 2025 12:50:03 +0545")]
    public void Writes_the_date_in_rfc_5322_form_with_its_offset(double hours, string expected)
    {
        var date = Now.ToOffset(TimeSpan.FromHours(hours));

        var written = MimeReader.Parse(MimeWriter.Write(Email(), date)).Headers["Date"];

        Assert.Equal(expected, written);
        var parsed = DateTimeOffset.ParseExact(written.Insert(written.Length - 2, ":"), "ddd, dd MMM yyyy HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Now, parsed);
        Assert.Equal(date.Offset, parsed.Offset);
    }

    [Theory]
    [InlineData("Your sign-in code")]
    [InlineData("Grüße aus München")]
    [InlineData("日本語のメール件名です")]
    [InlineData("🔐 Your code: 123456")]
    [InlineData("Ein sehr langer Betreff mit Umlauten äöü, der sicher über mehrere Zeilen gefaltet werden muss, weil er so lang ist 🎉🎉🎉")]
    [InlineData("A plain ASCII subject that is long enough that it has to be folded over more than one line to stay within the limit")]
    [InlineData("Looks like =?utf-8?B?SGk=?= but is literal")]
    [InlineData(" leading and trailing spaces ")]
    [InlineData("two  spaces\tand a tab")]
    [InlineData("control\u0001character")]
    [InlineData("https://portal.acme.test/self-service/login/code?flow=0f8c1e2d-3b4a-5c6d-7e8f-9a0b1c2d3e4f&code=123456")]
    [InlineData("")]
    public void Subject_round_trips_and_keeps_lines_short(string subject)
    {
        var message = Write(Email(subject: subject));

        Assert.Equal(subject, MimeReader.DecodeHeader(message.Headers["Subject"]));
        Assert.All(message.HeaderLines, line => Assert.True(line.Length <= 78, $"header line of {line.Length}: {line}"));
    }

    [Fact]
    public void Ascii_subject_is_folded_at_whitespace_not_encoded()
    {
        var subject = string.Join(' ', Enumerable.Repeat("word", 40));

        var message = Write(Email(subject: subject));

        Assert.DoesNotContain("=?", message.Headers["Subject"]);
        Assert.Equal(subject, message.Headers["Subject"]);
        Assert.True(message.HeaderLines.Count(l => l.StartsWith(' ')) >= 2, "expected continuation lines");
    }

    [Fact]
    public void Non_ascii_subject_is_encoded_in_whole_characters_on_lines_of_at_most_76()
    {
        var subject = string.Concat(Enumerable.Repeat("日本🎌ü", 30));

        var message = Write(Email(subject: subject));

        var subjectLines = message.HeaderLines.SkipWhile(l => !l.StartsWith("Subject:")).TakeWhile(l => l.StartsWith("Subject:") || l.StartsWith(' ')).ToList();
        Assert.True(subjectLines.Count > 5);
        Assert.All(subjectLines, line => Assert.True(line.Length <= 76, line));
        Assert.StartsWith("Subject: =?utf-8?B?", subjectLines[0]);
        Assert.Equal(subject, MimeReader.DecodeHeader(message.Headers["Subject"]));
    }

    [Fact]
    public void A_word_too_long_for_any_line_is_encoded_so_it_can_be_split()
    {
        var subject = new string('x', 300);

        var message = Write(Email(subject: subject));

        Assert.StartsWith("=?utf-8?B?", message.Headers["Subject"]);
        Assert.Equal(subject, MimeReader.DecodeHeader(message.Headers["Subject"]));
        Assert.All(message.HeaderLines, line => Assert.True(line.Length <= 78, line));
    }

    [Theory]
    [InlineData("Acme Portal", "From: Acme Portal <no-reply@acme.test>")]
    [InlineData("Acme", "From: Acme <no-reply@acme.test>")]
    [InlineData(null, "From: no-reply@acme.test")]
    [InlineData("  ", "From: no-reply@acme.test")]
    public void Writes_a_plain_display_name_as_it_is(string? name, string line)
    {
        Assert.Contains(line, Write(Email(fromName: name)).HeaderLines);
    }

    [Theory]
    [InlineData("Acme, Inc.")]
    [InlineData("Jürgen's Portal")]
    [InlineData("He said \"hi\" \\o/")]
    [InlineData("<evil@attacker.test>")]
    [InlineData("a@b")]
    [InlineData("Two  spaces")]
    [InlineData("ポータル")]
    [InlineData("=?utf-8?B?SGk=?=")]
    [InlineData("A display name that is rather long and has specials; so it is encoded over more than one line")]
    public void Encodes_a_display_name_with_specials_or_non_ascii(string name)
    {
        var message = Write(Email(fromName: name));

        var from = message.Headers["From"];
        Assert.StartsWith("=?utf-8?B?", from);
        Assert.EndsWith(" <no-reply@acme.test>", from);
        Assert.Equal(name + " <no-reply@acme.test>", MimeReader.DecodeHeader(from));
        Assert.All(message.HeaderLines, line => Assert.True(line.Length <= 78, line));
    }

    public static TheoryData<string> Bodies => new()
    {
        "Your code is 123456.",
        "Grüße, Jürgen — ß ä ö ü",
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
    public void Plain_text_body_round_trips_through_quoted_printable(string text)
    {
        var message = Write(Email(text: text));

        Assert.Equal("quoted-printable", message.Headers["Content-Transfer-Encoding"]);
        Assert.Equal(MimeReader.Crlf(text), MimeReader.SinglePartText(message.Body));
        Assert.DoesNotContain("\r\nFrom ", "\r\n" + message.Body);
    }

    [Fact]
    public void Encodes_non_ascii_as_utf8_bytes_and_soft_breaks_long_lines()
    {
        var message = Write(Email(text: "ü=" + new string('a', 100)));

        var lines = message.Body.Split("\r\n");
        Assert.Equal("=C3=BC=3D" + new string('a', 75 - 9) + "=", lines[0]);
        Assert.Equal(new string('a', 100 - 66), lines[1]);
    }

    [Fact]
    public void Never_splits_an_escape_across_a_soft_line_break()
    {
        var message = Write(Email(text: "a" + string.Concat(Enumerable.Repeat("ü", 40))));

        var lines = message.Body.Split("\r\n");
        Assert.Equal("a" + string.Concat(Enumerable.Repeat("=C3=BC", 12)) + "=", lines[0]);
        Assert.Equal(74, lines[0].Length);
    }

    [Fact]
    public void Html_makes_a_multipart_alternative_with_text_first()
    {
        const string text = "Your code is 123456.\nIt expires in 15 minutes.";
        const string html = "<!doctype html>\n<p style=\"font-family: sans-serif\">Ihr Code lautet <b>123456</b> — gültig 15 Minuten.</p>\n<a href=\"https://portal.acme.test/login?code=123456&flow=" +
            "0f8c1e2d-3b4a-5c6d-7e8f-9a0b1c2d3e4f\">Sign in</a>\n.\n";

        var message = Write(Email(text: text, html: html));

        var contentType = message.Headers["Content-Type"];
        Assert.StartsWith("multipart/alternative; boundary=\"", contentType);
        Assert.False(message.Headers.ContainsKey("Content-Transfer-Encoding"));
        var boundary = contentType.Split("boundary=\"")[1].TrimEnd('"');
        Assert.InRange(boundary.Length, 20, 70);
        var parts = MimeReader.SplitMultipart(message.Body, boundary);
        Assert.Equal(2, parts.Count);
        Assert.Equal("text/plain; charset=utf-8", parts[0].Headers["Content-Type"]);
        Assert.Equal("text/html; charset=utf-8", parts[1].Headers["Content-Type"]);
        Assert.All(parts, p => Assert.Equal("quoted-printable", p.Headers["Content-Transfer-Encoding"]));
        Assert.Equal(MimeReader.Crlf(text), MimeReader.DecodeQuotedPrintable(parts[0].Body));
        Assert.Equal(MimeReader.Crlf(html), MimeReader.DecodeQuotedPrintable(parts[1].Body));
    }

    [Fact]
    public void Chooses_a_new_boundary_for_every_message()
    {
        var first = Write(Email(html: "<p>x</p>")).Headers["Content-Type"];
        var second = Write(Email(html: "<p>x</p>")).Headers["Content-Type"];

        Assert.NotEqual(first, second);
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
            var error = Assert.Throws<ArgumentException>(() => MimeWriter.Write(email, Now));
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
    [InlineData("a\"b@example.com")]
    [InlineData("user@example..com")]
    [InlineData("user@.example.com")]
    [InlineData("user@[127.0.0.1]")]
    [InlineData("jürgen@example.com")]
    [InlineData("user@exa_mple.com")]
    public void Refuses_implausible_addresses(string address)
    {
        Assert.Throws<ArgumentException>(() => MimeWriter.Write(Email(to: address), Now));
        Assert.Throws<ArgumentException>(() => MimeWriter.Write(Email(from: address), Now));
    }

    [Fact]
    public void Refuses_an_overlong_local_part()
    {
        Assert.Throws<ArgumentException>(() => MimeWriter.Write(Email(to: new string('a', 65) + "@example.com"), Now));
        Assert.Equal("To: " + new string('a', 64) + "@example.com", Write(Email(to: new string('a', 64) + "@example.com")).HeaderLines[2]);
    }

    [Theory]
    [InlineData("user@bücher.example", "user@xn--bcher-kva.example")]
    [InlineData("first.last+tag@Example.COM", "first.last+tag@Example.COM")]
    [InlineData("a..b@docomo.ne.jp", "\"a..b\"@docomo.ne.jp")]
    [InlineData(".dot@example.com", "\".dot\"@example.com")]
    [InlineData("o'brien@example.com", "o'brien@example.com")]
    public void Writes_addresses_in_their_ascii_form(string address, string written)
    {
        Assert.Equal(written, Write(Email(to: address)).Headers["To"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-at")]
    [InlineData("<id@host>")]
    [InlineData("id@host>")]
    [InlineData("two words@host")]
    [InlineData("a@b@c")]
    [InlineData("@host")]
    [InlineData("id@")]
    public void Refuses_a_malformed_message_id(string id)
    {
        Assert.Throws<ArgumentException>(() => MimeWriter.Write(Email() with { MessageId = id }, Now));
    }
}
