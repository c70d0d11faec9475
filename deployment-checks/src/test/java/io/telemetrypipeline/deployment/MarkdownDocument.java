package io.telemetrypipeline.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown file of the repository, read as GitHub renders it: its tables (with the
 * level-2 section each stands in), its links and the anchors of its headings. Fenced code
 * blocks are neither tables, links nor headings.
 */
final class MarkdownDocument {

	private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

	private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private static final Pattern SEPARATOR_ROW = Pattern.compile("^\\|(\\s*:?-+:?\\s*\\|)+\\s*$");

	private final Path file;

	private final List<Table> tables = new ArrayList<>();

	private final List<String> links = new ArrayList<>();

	private final Set<String> anchors = new LinkedHashSet<>();

	private MarkdownDocument(Path file, List<String> lines) {
		this.file = file;
		parse(lines);
	}

	static MarkdownDocument read(String relative) {
		return new MarkdownDocument(Repository.path(relative), Repository.read(relative).lines().toList());
	}

	Path file() {
		return this.file;
	}

	/**
	 * The tables whose first header cell is the given name, e.g. {@code property}.
	 * @param firstColumn the first header cell
	 * @return the tables, in the order of the document
	 */
	List<Table> tables(String firstColumn) {
		return this.tables.stream().filter((table) -> table.header().get(0).equals(firstColumn)).toList();
	}

	/**
	 * The targets of the inline links and images, as written.
	 * @return the targets
	 */
	List<String> links() {
		return this.links;
	}

	/**
	 * The anchors GitHub gives the headings
	 * ({@code #event-id-why-nothing-is-stored-twice}).
	 * @return the anchors, without {@code #}
	 */
	Set<String> anchors() {
		return this.anchors;
	}

	private void parse(List<String> lines) {
		Map<String, Integer> slugCounts = new HashMap<>();
		String section = "";
		boolean fenced = false;
		List<List<String>> tableRows = null;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.strip().startsWith("```")) {
				fenced = !fenced;
				continue;
			}
			if (fenced) {
				continue;
			}
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String title = heading.group(2);
				if (heading.group(1).length() == 2) {
					section = title;
				}
				this.anchors.add(uniqueSlug(title, slugCounts));
			}
			Matcher link = LINK.matcher(line);
			while (link.find()) {
				this.links.add(link.group(1));
			}
			if (!line.startsWith("|")) {
				tableRows = null;
			}
			else if (i + 1 < lines.size() && SEPARATOR_ROW.matcher(lines.get(i + 1)).matches()) {
				tableRows = new ArrayList<>();
				this.tables.add(new Table(section, cells(line), tableRows));
				i++;
			}
			else if (tableRows != null) {
				tableRows.add(cells(line));
			}
		}
	}

	private static String uniqueSlug(String title, Map<String, Integer> slugCounts) {
		String slug = slug(title);
		int seen = slugCounts.merge(slug, 1, Integer::sum) - 1;
		return (seen == 0) ? slug : slug + "-" + seen;
	}

	/**
	 * The anchor GitHub derives from a heading: lower case, punctuation dropped, spaces
	 * as hyphens.
	 * @param title the heading's text
	 * @return the anchor
	 */
	static String slug(String title) {
		String text = LINK.matcher(title)
			.replaceAll((match) -> Matcher.quoteReplacement(match.group().substring(1, match.group().indexOf(']'))));
		return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
	}

	/** Splits a table row into its cells; a {@code |} inside a code span is no border. */
	private static List<String> cells(String row) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean code = false;
		String inner = row.strip();
		inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
		for (char c : inner.toCharArray()) {
			if (c == '`') {
				code = !code;
			}
			if (c == '|' && !code) {
				cells.add(cell.toString().strip());
				cell.setLength(0);
			}
			else {
				cell.append(c);
			}
		}
		cells.add(cell.toString().strip());
		return cells;
	}

	/**
	 * The code spans of a cell: {@code `a`, `b`} gives {@code a} and {@code b}.
	 * @param cell the cell's text
	 * @return the code spans, in order
	 */
	static List<String> codeSpans(String cell) {
		return CODE.matcher(cell).results().map((match) -> match.group(1)).toList();
	}

	/**
	 * A table: its header cells and its rows of cells, and the level-2 section it stands
	 * in.
	 *
	 * @param section the title of the nearest level-2 heading above it
	 * @param header the header cells
	 * @param rows the data rows
	 */
	record Table(String section, List<String> header, List<List<String>> rows) {

		/**
		 * The cells of one column.
		 * @param name the column's header cell
		 * @return one cell a row
		 */
		List<String> column(String name) {
			int index = this.header.indexOf(name);
			if (index < 0) {
				throw new IllegalStateException("No column '" + name + "' in the table of section '" + this.section
						+ "' (columns: " + this.header + ")");
			}
			return this.rows.stream().map((row) -> (index < row.size()) ? row.get(index) : "").toList();
		}

	}

}
