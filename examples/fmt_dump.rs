fn main() {
    let p = std::env::args().nth(1).unwrap();
    let t = baogao::ingest::read_report_file(std::path::Path::new(&p)).unwrap();
    let mode = std::env::args().nth(2).unwrap_or_default();
    if mode == "unwrap" {
        print!("{}", baogao::parse::unwrap::unwrap(&t));
    } else {
        print!("{t}");
    }
}
