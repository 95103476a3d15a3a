package io.pulsecrm.deals.products;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import io.pulsecrm.platform.tabular.Table;
import io.pulsecrm.platform.tabular.TableSettings;
import io.pulsecrm.platform.tabular.ExportOptions;
import io.pulsecrm.platform.tabular.TableDownload;
import io.pulsecrm.platform.tabular.TableWriter;
import io.pulsecrm.platform.tabular.Tables;
import io.pulsecrm.platform.tabular.TabularException;
import io.pulsecrm.platform.web.InvalidRequestException;
import io.pulsecrm.platform.web.InvalidRequestException.FieldProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The catalogue as a file: an export (CSV in UTF-8 with a BOM, or xlsx, through the shared {@link TableWriter}) and an
 * import read like the contacts' imports (platform {@code pulse-tabular}: encoding, delimiter, xlsx detected or chosen).
 * Columns: {@code sku, name, description, unit, taxRate, active} and one {@code price.<CUR>} per currency. An import
 * matches rows to products by SKU (ignoring case): a known SKU is updated, a new one created, a SKU twice in the file is
 * refused on its second row; the answer reports every row. A file read again changes nothing (rows are "unchanged").
 */
@Component
class ProductFiles {

    static final List<String> COLUMNS = List.of("sku", "name", "description", "unit", "taxRate", "active");
    static final String PRICE = "price.";
    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final int MAX_ROWS = 5000;

    record RowResult(int row, String sku, String outcome, String productId, List<FieldProblem> errors) {
    }

    record ImportReport(int rows, int created, int updated, int unchanged, int failed, List<RowResult> results) {
    }

    private final ProductQueries queries;
    private final ProductCatalogue catalogue;

    ProductFiles(ProductQueries queries, ProductCatalogue catalogue) {
        this.queries = queries;
        this.catalogue = catalogue;
    }

    ResponseEntity<StreamingResponseBody> export(ExportOptions options) {
        List<Product> products = queries.all();
        TreeSet<String> currencies = new TreeSet<>();
        products.forEach(p -> p.prices().forEach(price -> currencies.add(price.currency())));
        return TableDownload.of("products", options, writer -> {
            List<String> header = new ArrayList<>(COLUMNS);
            currencies.forEach(c -> header.add(PRICE + c));
            writer.row(header);
            for (Product p : products) {
                List<Object> row = new ArrayList<>(List.of(p.sku(), p.name(), nullToEmpty(p.description()),
                        nullToEmpty(p.unit()), p.taxRate() == null ? "" : p.taxRate().toPlainString(), String.valueOf(p.active())));
                Map<String, BigDecimal> prices = new HashMap<>();
                p.prices().forEach(price -> prices.put(price.currency(), price.amount()));
                currencies.forEach(c -> row.add(prices.containsKey(c) ? prices.get(c).toPlainString() : ""));
                writer.row(row);
            }
        });
    }

    ImportReport importFile(InputStream in, String contentType, String fileName, String encoding, String delimiter,
                            String sheet) throws IOException {
        ProductAccess.requireEditor();
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw InvalidRequestException.field("file", "is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        if (bytes.length == 0) {
            throw InvalidRequestException.field("file", "is empty: it must start with a header row (sku, name, price.EUR, ...)");
        }
        Map<String, Integer> at;
        List<Table.Row> rows = new ArrayList<>();
        // the whole file is read before any product changes: a file that turns out unreadable half-way changes nothing
        try (Table table = Tables.open(new java.io.ByteArrayInputStream(bytes),
                TableSettings.detect(bytes, bytes.length, true, contentType, fileName, encoding, delimiter, sheet))) {
            at = columns(table.columns());
            Table.Row row;
            while ((row = table.next()) != null) {
                if (rows.size() >= MAX_ROWS) {
                    throw InvalidRequestException.field("file", "has more than " + MAX_ROWS + " rows; split it");
                }
                rows.add(row);
            }
        } catch (TabularException e) {
            throw InvalidRequestException.field(e.field(), e.getMessage());
        } catch (InvalidRequestException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // a damaged workbook or text the reader cannot make sense of: the person's file, not our failure
            throw InvalidRequestException.field("file", "cannot be read as CSV or xlsx: " + e.getMessage());
        }
        List<RowResult> results = new ArrayList<>();
        Map<String, Integer> firstRowOfSku = new HashMap<>();
        int created = 0, updated = 0, unchanged = 0, failed = 0;
        int number = 1; // the header is row 1, as a spreadsheet numbers it
        for (Table.Row row : rows) {
            number++;
            RowResult result = importRow(number, row, at, firstRowOfSku);
            results.add(result);
            switch (result.outcome()) {
                case "created" -> created++;
                case "updated" -> updated++;
                case "unchanged" -> unchanged++;
                default -> failed++;
            }
        }
        return new ImportReport(results.size(), created, updated, unchanged, failed, results);
    }

    private RowResult importRow(int number, Table.Row row, Map<String, Integer> at, Map<String, Integer> firstRowOfSku) {
        String sku = cell(row, at, "sku");
        if (row.problem() != null) {
            return failed(number, sku, new FieldProblem("row", row.problem()));
        }
        if (sku != null) {
            Integer earlier = firstRowOfSku.putIfAbsent(Product.skuKey(sku), number);
            if (earlier != null) {
                return failed(number, sku, new FieldProblem("sku", "is on row " + earlier + " already; each SKU once per file"));
            }
        }
        List<FieldProblem> problems = new ArrayList<>();
        BigDecimal taxRate = decimal(cell(row, at, "taxRate"), "taxRate", problems);
        String activeText = cell(row, at, "active");
        Boolean active = activeText == null ? null : switch (activeText.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "да" -> true;
            case "false", "no", "0", "нет" -> false;
            default -> {
                problems.add(new FieldProblem("active", "must be true or false"));
                yield null;
            }
        };
        List<Price> prices = new ArrayList<>();
        at.forEach((column, index) -> {
            if (column.startsWith(PRICE)) {
                BigDecimal amount = decimal(cell(row, index), column, problems);
                if (amount != null) {
                    prices.add(new Price(column.substring(PRICE.length()), amount));
                }
            }
        });
        if (!problems.isEmpty()) {
            return failed(number, sku, problems.toArray(FieldProblem[]::new));
        }
        try {
            Product existing = sku == null ? null : queries.bySku(sku).orElse(null);
            if (existing == null) {
                Product product = catalogue.createChecked(new ProductDetails(sku, cell(row, at, "name"),
                        cell(row, at, "description"), cell(row, at, "unit"), prices, taxRate, active == null || active));
                return new RowResult(number, product.sku(), "created", product.getId(), List.of());
            }
            ProductDetails current = existing.details();
            // a column the file leaves out (or a blank price) keeps what the product has
            Map<String, Price> merged = new LinkedHashMap<>();
            current.prices().forEach(p -> merged.put(p.currency(), p));
            prices.forEach(p -> merged.put(p.currency().toUpperCase(Locale.ROOT), p));
            long before = existing.getVersion();
            // the SKU keeps its spelling: the file names the product, ignoring case
            Product saved = catalogue.replace(existing, new ProductDetails(current.sku(),
                    at.containsKey("name") ? cell(row, at, "name") : current.name(),
                    at.containsKey("description") ? cell(row, at, "description") : current.description(),
                    at.containsKey("unit") ? cell(row, at, "unit") : current.unit(),
                    List.copyOf(merged.values()), at.containsKey("taxRate") ? taxRate : current.taxRate(),
                    active == null ? current.active() : active));
            return new RowResult(number, saved.sku(), saved.getVersion() == before ? "unchanged" : "updated", saved.getId(),
                    List.of());
        } catch (InvalidRequestException e) {
            return failed(number, sku, e.fieldErrors().toArray(FieldProblem[]::new));
        } catch (io.pulsecrm.platform.aggregate.VersionConflictException e) {
            return failed(number, sku, new FieldProblem("sku", "the product changed while the file was read; import again"));
        }
    }

    private static Map<String, Integer> columns(List<String> header) {
        Map<String, Integer> at = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i) == null ? "" : header.get(i).strip();
            String key = name.toLowerCase(Locale.ROOT).startsWith(PRICE) || name.toLowerCase(Locale.ROOT).startsWith("price_")
                    ? PRICE + name.substring(PRICE.length()).toUpperCase(Locale.ROOT)
                    : COLUMNS.stream().filter(c -> c.equalsIgnoreCase(name)).findFirst().orElse(null);
            if (key != null) {
                at.putIfAbsent(key, i);
            }
        }
        if (!at.containsKey("sku")) {
            throw InvalidRequestException.field("file", "needs a column named 'sku' in its first row (the header)");
        }
        return at;
    }

    /** A decimal written either way ({@code 12.50}, {@code 12,50}, {@code 1 234,50}). */
    private static BigDecimal decimal(String text, String field, List<FieldProblem> problems) {
        if (text == null) {
            return null;
        }
        String plain = text.replace("\u00a0", "").replace(" ", "");
        if (plain.contains(",") && !plain.contains(".")) {
            plain = plain.replace(',', '.');
        }
        try {
            return new BigDecimal(plain);
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "'" + InvalidRequestException.echo(text) + "' is not a number"));
            return null;
        }
    }

    private static String cell(Table.Row row, Map<String, Integer> at, String column) {
        Integer index = at.get(column);
        return index == null ? null : cell(row, index);
    }

    private static String cell(Table.Row row, int index) {
        if (index >= row.cells().size()) {
            return null;
        }
        String value = row.cells().get(index);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static RowResult failed(int number, String sku, FieldProblem... problems) {
        return new RowResult(number, sku, "failed", null, List.of(problems));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
